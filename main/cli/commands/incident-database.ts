import type { Command } from 'commander';
import { currentUser, databasePathIn } from '../../platform/app-paths';
import { IncidentStore } from '../../store/incident-store';
import { EventStore } from '../../store/event-store';
import { openDatabaseSafely } from '../../store/open-database-safely';
import { outputJournalDirFor, replayOutputJournals } from '../../terminal/output-journal';
import { SettingsStore } from '../../settings/settings-store';
import { readDisplayName } from '../../team/team-connection';
import { resolveDataDir } from '../data-dir';

/** The incident record opened for a one-shot CLI command. */
export interface CliIncidentDatabase {
  dataDir: string;
  databasePath: string;
  events: EventStore;
  incidents: IncidentStore;
  close(): void;
}

/**
 * Opens the database of the chosen data folder (WAL: safe while the app
 * runs) the way the app does: checked before anything is written, a
 * damaged file moved aside untouched and a fresh one started, with the same
 * warning (where the old file went, the `firebreak recover` command) on
 * stderr before the command goes on.
 */
export function openCliIncidentDatabase(command: Command): CliIncidentDatabase {
  const dataDir = resolveDataDir(command);
  const databasePath = databasePathIn(dataDir);
  const warn = (warning: string) => process.stderr.write(`firebreak: ${warning}\n`);
  const db = openCheckedDatabase(databasePath, warn);
  // Output a crashed process had shown but not yet stored goes in before anything reads the record.
  try {
    replayOutputJournals(db, outputJournalDirFor(databasePath));
  } catch (error) {
    warn(`output left by a crashed process could not be replayed yet (${(error as Error).message}); it is kept for the next open.`);
  }
  // The responder's display name on a shared timeline, else the OS user. A settings file that had to be put aside is said, not hidden.
  const settings = new SettingsStore(dataDir);
  for (const warning of settings.warnings) warn(`warning: ${warning}`);
  const events = new EventStore(db, readDisplayName(settings) ?? currentUser());
  return { dataDir, databasePath, events, incidents: new IncidentStore(events), close: () => events.close() };
}

/** {@link openDatabaseSafely} for a CLI command: each warning is said at once, since the command proceeds. */
export function openCheckedDatabase(databasePath: string, warn: (warning: string) => void): ReturnType<typeof openDatabaseSafely>['db'] {
  const opened = openDatabaseSafely(databasePath);
  for (const warning of opened.warnings) warn(warning);
  return opened.db;
}

/**
 * Runs one command's work against the incident database: a database that
 * cannot be opened, and any error the work throws, is reported the way
 * every command reports it, and the database is always closed.
 */
export async function withIncidentDatabase(command: Command, work: (db: CliIncidentDatabase) => void | Promise<void>): Promise<void> {
  let db: CliIncidentDatabase;
  try {
    db = openCliIncidentDatabase(command);
  } catch (error) {
    failCommand((error as Error).message);
    return;
  }
  try {
    await work(db);
  } catch (error) {
    failCommand((error as Error).message);
  } finally {
    db.close();
  }
}

/** Prints an error the way every command does and sets exit code 1. */
export function failCommand(message: string): void {
  process.stderr.write(`firebreak: ${message}\n`);
  process.exitCode = 1;
}
