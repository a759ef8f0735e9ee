import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { EventStore } from './event-store';
import { connectionOf } from './store-connection';

/** One backup file. */
export interface BackupInfo {
  path: string;
  bytes: number;
  /** UTC ISO-8601, from the file name. */
  takenAt: string;
}

/** Options of {@link DatabaseBackups}. */
export interface DatabaseBackupsOptions {
  /** How many backups to keep at most; older ones are deleted after each new one. */
  keep?: number;
  /**
   * Size budget: all backups together stay within this many times the
   * newest backup's size (the database as it is now); the newest is always kept.
   */
  budgetFactor?: number;
  /** The size budget is never below this many bytes, so a small database keeps all `keep` copies. */
  minBudgetBytes?: number;
  /** Time between scheduled backups. */
  intervalMs?: number;
  now?: () => Date;
  /** Told when a scheduled backup fails (it is retried at the next interval). */
  onError?: (error: Error) => void;
}

/** 24 backups 30 minutes apart: half a day of history for a few MB each. */
export const DEFAULT_BACKUP_KEEP = 24;
export const DEFAULT_BACKUP_INTERVAL_MS = 30 * 60 * 1000;
/**
 * Backups may take twice the database's size in total: terminal output can
 * make the database GBs, and 24 full copies of that would fill the disk. With
 * a database that stays about the same size this keeps two copies (the last
 * hour); while it grows, more of the smaller older copies fit.
 */
export const DEFAULT_BACKUP_BUDGET_FACTOR = 2;
/** Below 256 MiB in total the count alone decides: 24 copies of a database of a few MB cost little disk. */
export const DEFAULT_BACKUP_MIN_BUDGET_BYTES = 256 * 1024 * 1024;
const NAME = /^firebreak-(\d{8}T\d{6}(?:\d{3})?Z)(?:-\d+)?\.sqlite3$/;

/**
 * Online backups with SQLite's backup API (`db.backup`), which copies a
 * consistent snapshot while the app keeps writing, into `dir` with the time
 * in the name; keeps the newest `keep` that fit in `budgetFactor` times the
 * database's size (or `minBudgetBytes`, whichever is more), and always the newest.
 */
export class DatabaseBackups {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<BackupInfo> | undefined;
  private readonly keep: number;
  private readonly now: () => Date;

  private readonly db: Database.Database;

  /** Backs up the database `events` is on. */
  constructor(
    events: EventStore,
    readonly dir: string,
    private readonly options: DatabaseBackupsOptions = {},
  ) {
    this.db = connectionOf(events);
    this.keep = Math.max(1, options.keep ?? DEFAULT_BACKUP_KEEP);
    this.now = options.now ?? (() => new Date());
  }

  /** Takes a backup now (joins one already running) and applies retention. */
  backupNow(): Promise<BackupInfo> {
    this.running ??= this.take().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Starts scheduled backups. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.backupNow().catch((error: unknown) => this.options.onError?.(error as Error));
    }, this.options.intervalMs ?? DEFAULT_BACKUP_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Backups on disk, newest first. */
  list(): BackupInfo[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    return names
      .map((name) => ({ name, match: NAME.exec(name) }))
      .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
      .map(({ name, match }) => {
        const file = path.join(this.dir, name);
        const compact = match[1]!;
        const takenAt = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}T${compact.slice(9, 11)}:${compact.slice(11, 13)}:${compact.slice(13, 15)}${compact.length > 16 ? `.${compact.slice(15, 18)}` : ''}Z`;
        return { path: file, bytes: fs.statSync(file).size, takenAt, name };
      })
      .sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))
      .map(({ name: _name, ...info }) => info);
  }

  /** Deletes backups beyond the count or the size budget, oldest first; the newest always stays. */
  private applyRetention(databaseBytes: number): void {
    const budget = Math.max(
      (this.options.budgetFactor ?? DEFAULT_BACKUP_BUDGET_FACTOR) * databaseBytes,
      this.options.minBudgetBytes ?? DEFAULT_BACKUP_MIN_BUDGET_BYTES,
    );
    let total = 0;
    this.list().forEach((backup, index) => {
      total += backup.bytes;
      if (index > 0 && (index >= this.keep || total > budget)) fs.rmSync(backup.path, { force: true });
    });
  }

  private async take(): Promise<BackupInfo> {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
    } catch (error) {
      throw new Error(`Cannot create the backup folder ${this.dir}: ${(error as Error).message}`, { cause: error });
    }
    const takenAt = this.now().toISOString();
    const stamp = takenAt.replace(/[-:.]/g, '');
    let file = path.join(this.dir, `firebreak-${stamp}.sqlite3`);
    for (let n = 1; fs.existsSync(file); n++) file = path.join(this.dir, `firebreak-${stamp}-${n}.sqlite3`);
    try {
      await this.db.backup(file);
    } catch (error) {
      fs.rmSync(file, { force: true });
      throw new Error(`The backup to ${file} failed: ${(error as Error).message}`, { cause: error });
    }
    this.applyRetention(fs.statSync(file).size);
    return { path: file, bytes: fs.statSync(file).size, takenAt };
  }
}
