import type { Command } from 'commander';
import { currentUser, databasePathIn } from '../../platform/app-paths';
import { IncidentStore } from '../../incidents/incident-store';
import { EventStore } from '../../store/event-store';
import { openDatabase } from '../../store/open-database';
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
 * runs). Never moves files aside: that is the app's start-up job; an
 * unusable database is an error the command reports.
 */
export function openCliIncidentDatabase(command: Command): CliIncidentDatabase {
  const dataDir = resolveDataDir(command);
  const databasePath = databasePathIn(dataDir);
  const events = new EventStore(openDatabase(databasePath), currentUser());
  return { dataDir, databasePath, events, incidents: new IncidentStore(events), close: () => events.close() };
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
