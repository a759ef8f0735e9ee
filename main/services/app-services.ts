import type { ContractHandlers } from './contract-router';
import { ContractRouter } from './contract-router';
import { EventHub } from './event-hub';
import { LinkInbox } from '../alerts/link-inbox';
import { alertHandlers } from './handlers/alert-handlers';
import { TimelineRecorder } from './timeline-recorder';
import { currentUser, databasePathIn } from '../platform/app-paths';
import { appHandlers } from './handlers/app-handlers';
import { checklistHandlers } from './handlers/checklist-handlers';
import { drillHandlers } from './handlers/drill-handlers';
import { DrillService } from '../drills/drill-service';
import type { LabManager } from '../drills/lab-manager';
import { runbookHandlers } from './handlers/runbook-handlers';
import { stepHandlers } from './handlers/step-handlers';
import { terminalHandlers } from './handlers/terminal-handlers';
import { timelineHandlers } from './handlers/timeline-handlers';
import { incidentHandlers } from './handlers/incident-handlers';
import { teamHandlers } from './handlers/team-handlers';
import { TeamService } from '../team/team-service';
import { readDisplayName } from '../team/team-connection';
import { IncidentService } from '../incidents/incident-service';
import { IncidentStore } from '../store/incident-store';
import { DatabaseBackups } from '../store/backups';
import { openDatabaseSafely } from '../store/open-database-safely';
import { processSecretValues } from '../store/known-secret-values';
import { SearchIndex } from '../store/search-index';
import { Unavailable } from '../../shared/model/domain-errors';
import { runsFromRecord } from '../../shared/model/runs-from-record';
import path from 'node:path';
import { RunbookLibrary, type RunbookFolder } from '../runbooks/runbook-library';
import { TrustStore } from '../runbooks/trust-store';
import { libraryFolders, UserRunbookFolders } from '../runbooks/user-folders';
import { SettingsStore } from '../settings/settings-store';
import { settingsHandlers } from './handlers/settings-handlers';
import type { StepRunner } from '../steps/step-runner';
import { createEngine, openOutputRecorder } from './engine-services';
import { EventStore } from '../store/event-store';
import type { TerminalService, TerminalServiceOptions } from '../terminal/terminal-service';
import type { OutputRecorder } from '../terminal/output-recorder';
import { removeShellIntegrationFiles } from '../terminal/shell-integration/shell-launch';

export interface AppServicesOptions {
  dataDir: string;
  runbookFolders: RunbookFolder[];
  host: 'electron' | 'browser';
  version: string;
  terminal?: Omit<TerminalServiceOptions, 'hub'>;
  /** Where internal errors go (stderr by default). */
  log?: (message: string) => void;
  /** Watch runbook folders and reload on edits (default true; one-shot CLI commands turn it off). */
  watchRunbooks?: boolean;
  /** The drill labs; default: the bundled labs (tests pass a manager with their own lab definitions). */
  drillLabs?: LabManager;
  /** The team database password from the OS keychain (Electron safeStorage); without it, .pgpass. */
  teamPassword?: () => Promise<string | undefined>;
  /** Seals a new team database password in the OS keychain (the desktop app); absent: the host cannot keep one. */
  saveTeamPassword?: (password: string) => void | Promise<void>;
  /** How long recorded output may wait before it is written (default OUTPUT_FLUSH_INTERVAL_MS); tests widen it to prove reads wait for it. */
  outputFlushIntervalMs?: number;
}

/**
 * The composition root: every service Firebreak has, in plain Node, and the
 * contract handlers over them. The Electron glue and the browser host both
 * expose exactly this.
 */
export class AppServices {
  readonly hub = new EventHub();
  /** Runbook links handed to the app (desktop hand-off, the browser host's /open). */
  readonly links = new LinkInbox(this.hub);
  readonly library: RunbookLibrary;
  readonly settings: SettingsStore;
  /** The RunbookGate: bundled runbooks run, user runbooks only once trusted at their current content hash. */
  readonly trust: TrustStore;
  readonly userFolders: UserRunbookFolders;
  readonly terminals: TerminalService;
  readonly recorder: TimelineRecorder;
  readonly steps: StepRunner;
  /** Every raw byte of every session, in the database's terminal_output table; null without a database. */
  readonly output: OutputRecorder | null;
  readonly router: ContractRouter;
  readonly warnings: string[] = [];
  readonly databasePath: string;
  /** The incident record (lifecycle, notes, stars, search, export, backups); null without a database. */
  readonly incidents: IncidentService | null;
  /** Drill mode: runbooks drilled against local labs; null without a database. */
  readonly drills: DrillService | null;
  /** The team's shared record (docs/team-sync.md); null without a database. */
  readonly team: TeamService | null;
  private readonly store: EventStore | null;
  private shuttingDown: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly options: AppServicesOptions) {
    const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
    this.databasePath = databasePathIn(options.dataDir);
    this.settings = new SettingsStore(options.dataDir);
    this.store = this.openStore(log);
    this.library = new RunbookLibrary(libraryFolders(options.runbookFolders, this.settings), {
      watch: options.watchRunbooks ?? true,
      onChange: (change) => this.hub.emit('runbooks:changed', { ...change, trustChanged: [] }),
    });
    this.userFolders = new UserRunbookFolders(this.settings, this.library, options.runbookFolders);
    this.trust = new TrustStore(this.settings, { actor: currentUser(), record: (kind, data) => void this.recorder.record(this.recorder.incidentForAction().id, kind, data) });
    this.output = this.openOutputRecorder(log);
    this.recorder = new TimelineRecorder(this.store, this.hub, this.warnings[0], this.databasePath, log);
    const store = this.store;
    // The same engine wiring as `firebreak run` (engine-services.ts).
    const engine = createEngine({
      hub: this.hub,
      recorder: this.recorder,
      runbooks: this.library,
      gate: this.trust,
      output: this.output,
      redactAtWrite: () => this.incidents?.redactAtWrite ?? false,
      log,
      ...(options.terminal ? { terminal: options.terminal } : {}),
      ...(store ? { recorded: () => runsFromRecord(store.recentStepRunEvents()) } : {}),
    });
    this.terminals = engine.terminals;
    this.steps = engine.steps;
    this.incidents = this.store ? this.createIncidentService(this.store, log) : null;
    this.warnings.push(...this.settings.warnings);
    this.drills =
      this.store && this.incidents
        ? new DrillService({ runbooks: this.library, terminals: this.terminals, steps: this.steps, recorder: this.recorder, incidents: this.incidents, events: this.store, hub: this.hub, log, ...(options.drillLabs ? { labs: options.drillLabs } : {}) })
        : null;
    this.team = this.store
      ? new TeamService({
          settings: this.settings,
          events: this.store,
          recorder: this.recorder,
          hub: this.hub,
          log,
          ...(options.teamPassword ? { password: options.teamPassword } : {}),
          ...(options.saveTeamPassword ? { savePassword: options.saveTeamPassword } : {}),
        })
      : null;
    this.router = new ContractRouter(this.handlers(), (channel, error) =>
      log(`firebreak: ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
  }

  /**
   * The app quits (Electron's before-quit, serve's signals): the drill is
   * abandoned and scored, active step runs are finished as cancelled ("app
   * quit"), every shell is ended and its session.ended recorded, and only
   * then is the store closed. Safe to call twice; the second call joins the first.
   */
  shutdown(): Promise<void> {
    this.shuttingDown ??= (async () => {
      try {
        this.drills?.dispose();
        await this.steps.shutdown('app quit');
        await this.terminals.shutdown();
        await this.team?.stop();
        // Written before dispose() closes the writer, so that close has only its connection to close.
        await this.output?.settled();
      } finally {
        this.dispose();
      }
    })();
    return this.shuttingDown;
  }

  /** Synchronous release of everything (tests, a failed start); shutdown() is the orderly way to quit. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // First: the drill is scored while the record is open, and its lab processes end with it.
    this.drills?.dispose();
    void this.team?.stop();
    this.incidents?.dispose();
    this.library.dispose();
    this.steps.dispose();
    this.terminals.dispose();
    this.output?.close();
    removeShellIntegrationFiles();
    this.store?.close();
  }

  private openStore(log: (message: string) => void): EventStore | null {
    try {
      const opened = openDatabaseSafely(this.databasePath);
      for (const warning of opened.warnings) log(`firebreak: ${warning}`);
      this.warnings.push(...opened.warnings);
      // The responder's display name on shared timelines (firebreak team connect --name), else the OS user.
      const actor = readDisplayName(this.settings) ?? currentUser();
      const store: EventStore = new EventStore(opened.db, actor, undefined, {
        redactAtWrite: () => this.incidents?.redactAtWrite ?? false,
      });
      return store;
    } catch (error) {
      const message = `The timeline database could not be opened: ${(error as Error).message}`;
      this.warnings.push(message);
      log(`firebreak: ${message}`);
      return null;
    }
  }

  private createIncidentService(store: EventStore, log: (message: string) => void): IncidentService {
    const backups = new DatabaseBackups(store, path.join(this.options.dataDir, 'backups'), {
      onError: (error) => log(`firebreak: scheduled backup failed: ${error.message}`),
    });
    backups.start();
    const incidents = new IncidentStore(store);
    return new IncidentService({
      events: store,
      incidents,
      search: new SearchIndex(store, () => incidents.activeId() ?? null),
      backups,
      recorder: this.recorder,
      hub: this.hub,
      knownSecrets: processSecretValues,
      runbook: (id) => {
        try {
          return this.library.get(id);
        } catch {
          return undefined;
        }
      },
    });
  }

  /** Every raw byte of every session (engine-services.ts); without it the app runs, saying output is not recorded. */
  private openOutputRecorder(log: (message: string) => void): OutputRecorder | null {
    if (!this.store) return null;
    try {
      return openOutputRecorder(this.databasePath, () => this.recorder, log, this.options.outputFlushIntervalMs);
    } catch (error) {
      const message = `Terminal output cannot be recorded: ${(error as Error).message}`;
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
      ...runbookHandlers({
        library: this.library,
        trust: this.trust,
        folders: this.userFolders,
        trustChanged: (id) => this.hub.emit('runbooks:changed', { added: [], removed: [], changed: [], foldersChanged: false, trustChanged: [id] }),
      }),
      ...settingsHandlers(this.settings, this.hub),
      ...terminalHandlers(this.terminals),
      ...stepHandlers(this.steps),
      ...timelineHandlers(this.recorder),
      ...incidentHandlers(
        () => {
          if (!this.incidents) throw new Unavailable(this.warnings[0] ?? 'The incident database is unavailable.');
          return this.incidents;
        },
        async () => {
          // Bytes the shells printed are decoded and queued by their ptys' handlers before this call was read.
          await this.output?.settled();
        },
      ),
      ...checklistHandlers(this.library, this.recorder),
      ...teamHandlers(() => this.team, this.options.saveTeamPassword),
      ...drillHandlers(() => {
        if (!this.drills) throw new Unavailable(this.warnings[0] ?? 'Drills need the incident database, which is unavailable.');
        return this.drills;
      }),
      ...alertHandlers({
        incidents: () => {
          if (!this.incidents) throw new Unavailable(this.warnings[0] ?? 'The incident database is unavailable.');
          return this.incidents;
        },
        runbooks: () => this.library.all(),
        runbook: (id) => this.library.all().find((runbook) => runbook.id === id),
        recorder: this.recorder,
        links: this.links,
        preference: (key) => this.settings.getPreference(key),
      }),
    };
  }
}
