import type { ContractHandlers } from './contract-router';
import { ContractRouter } from './contract-router';
import { EventHub } from './event-hub';
import { TimelineRecorder } from './timeline-recorder';
import { currentUser, databasePathIn } from '../platform/app-paths';
import { appHandlers } from './handlers/app-handlers';
import { runbookHandlers } from './handlers/runbook-handlers';
import { stepHandlers } from './handlers/step-handlers';
import { terminalHandlers } from './handlers/terminal-handlers';
import { timelineHandlers } from './handlers/timeline-handlers';
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

  /** Each domain's handlers live in handlers/; together they must cover the whole contract. */
  private handlers(): ContractHandlers {
    return {
      ...appHandlers({
        version: this.options.version,
        host: this.options.host,
        dataDir: this.options.dataDir,
        databasePath: this.databasePath,
        runbookDirs: () => this.library.dirs,
        warnings: () => [...this.warnings],
      }),
      ...runbookHandlers(this.library),
      ...terminalHandlers(this.terminals),
      ...stepHandlers(this.steps),
      ...timelineHandlers(this.recorder),
    };
  }
}
