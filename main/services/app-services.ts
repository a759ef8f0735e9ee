import type { ContractHandlers } from './contract-router';
import { ContractRouter } from './contract-router';
import { EventHub } from './event-hub';
import { TimelineRecorder } from './timeline-recorder';
import { currentUser, databasePathIn } from '../platform/app-paths';
import { RunbookLibrary, type RunbookFolder } from '../runbooks/runbook-library';
import { StepRunner } from '../steps/step-runner';
import { EventStore } from '../store/event-store';
import { openDatabase } from '../store/open-database';
import { TerminalService, type TerminalServiceOptions } from '../terminal/terminal-service';

export interface AppServicesOptions {
  dataDir: string;
  runbookFolders: RunbookFolder[];
  host: 'electron' | 'browser';
  version: string;
  terminal?: Omit<TerminalServiceOptions, 'hub'>;
  /** Where internal errors go (stderr by default). */
  log?: (message: string) => void;
}

/**
 * The composition root: every service Firebreak has, in plain Node, and the
 * contract handlers over them. The Electron glue and the browser host both
 * expose exactly this.
 */
export class AppServices {
  readonly hub = new EventHub();
  readonly library: RunbookLibrary;
  readonly terminals: TerminalService;
  readonly recorder: TimelineRecorder;
  readonly steps: StepRunner;
  readonly router: ContractRouter;
  readonly warnings: string[] = [];
  readonly databasePath: string;
  private readonly store: EventStore | null;

  constructor(private readonly options: AppServicesOptions) {
    const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
    this.databasePath = databasePathIn(options.dataDir);
    this.store = this.openStore(log);
    this.library = new RunbookLibrary(options.runbookFolders);
    this.terminals = new TerminalService({ ...options.terminal, hub: this.hub });
    this.recorder = new TimelineRecorder(this.store, this.hub, this.warnings[0]);
    this.steps = new StepRunner(this.library, this.terminals, this.recorder);
    this.router = new ContractRouter(this.handlers(), (channel, error) =>
      log(`firebreak: ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
  }

  dispose(): void {
    this.terminals.dispose();
    this.store?.close();
  }

  private openStore(log: (message: string) => void): EventStore | null {
    try {
      return new EventStore(openDatabase(this.databasePath), currentUser());
    } catch (error) {
      const message = `The timeline database could not be opened: ${(error as Error).message}`;
      this.warnings.push(message);
      log(`firebreak: ${message}`);
      return null;
    }
  }

  private handlers(): ContractHandlers {
    return {
      'app:info': () => ({
        version: this.options.version,
        host: this.options.host,
        dataDir: this.options.dataDir,
        databasePath: this.databasePath,
        runbookDirs: this.library.dirs,
        user: currentUser(),
        platform: process.platform,
        warnings: [...this.warnings],
      }),
      'runbooks:list': () => this.library.list(),
      'runbooks:get': ({ id }) => this.library.get(id),
      'terminal:open': ({ cols, rows }) => this.terminals.open(cols, rows),
      'terminal:list': () => this.terminals.list(),
      'terminal:attach': ({ sessionId }) => this.terminals.attach(sessionId),
      'terminal:input': ({ sessionId, data }) => {
        this.terminals.write(sessionId, data);
        return {};
      },
      'terminal:resize': ({ sessionId, cols, rows }) => {
        this.terminals.resize(sessionId, cols, rows);
        return {};
      },
      'terminal:ack': ({ sessionId, chars }) => {
        this.terminals.acknowledge(sessionId, chars);
        return {};
      },
      'terminal:close': ({ sessionId }) => {
        this.terminals.close(sessionId);
        return {};
      },
      'step:run': ({ runbookId, stepId, sessionId }) => this.steps.run(runbookId, stepId, sessionId),
      'incident:current': () => this.recorder.currentIncident(),
      'timeline:list': ({ incidentId, afterSeq, limit }) => this.recorder.list(incidentId, afterSeq, limit),
    };
  }
}
