import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations';
import { sqliteNativeBinding } from './sqlite-native-binding';

/** Page size of a new database, in bytes (see openDatabase). */
export const PAGE_SIZE = 16384;

/** Why a database could not be opened: a newer schema is left alone; a damaged file may be moved aside. */
export type DatabaseOpenFailure = 'newer-schema' | 'folder' | 'unreadable';

/** The database could not be opened or brought up to date; the message names the file. */
export class DatabaseOpenError extends Error {
  constructor(
    message: string,
    readonly databasePath: string,
    options?: { cause?: unknown },
    readonly failure: DatabaseOpenFailure = 'unreadable',
  ) {
    super(message, options);
    this.name = 'DatabaseOpenError';
  }
}

/**
 * Opens (creating if needed) the Firebreak database with the durability
 * settings the timeline relies on, and brings its schema up to date.
 * A database written by a newer Firebreak is refused and left untouched.
 */
export function openDatabase(databasePath: string, list: readonly Migration[] = migrations): Database.Database {
  try {
    // 0700: the record holds terminal output, which can hold secrets; other users of an on-call box must not read it.
    fs.mkdirSync(path.dirname(databasePath), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new DatabaseOpenError(
      `Cannot create the data folder ${path.dirname(databasePath)}: ${(error as Error).message}`,
      databasePath,
      { cause: error },
      'folder',
    );
  }
  let db: Database.Database;
  let creating: boolean;
  try {
    creating = !fs.existsSync(databasePath);
    const nativeBinding = sqliteNativeBinding();
    db = new Database(databasePath, { timeout: 5000, ...(nativeBinding ? { nativeBinding } : {}) });
    // SQLite gives the -wal and -shm files the main file's permissions, so this covers all three.
    if (creating && process.platform !== 'win32') fs.chmodSync(databasePath, 0o600);
  } catch (error) {
    throw new DatabaseOpenError(
      `Cannot open the database ${databasePath}: ${(error as Error).message}`,
      databasePath,
      { cause: error },
    );
  }
  try {
    // Read the version before anything writes: a newer Firebreak's file must stay byte-for-byte as it was.
    refuseNewerSchema(db, databasePath, list);
    // A new database gets larger pages, before anything is written: terminal output is
    // stored as blobs of up to 256 KiB, which with 4 KiB pages cost 64 overflow pages
    // each, every one written to the WAL and copied again at checkpoint. 16 KiB pages
    // record 128 MiB about twice as fast (wall time) with a third less CPU, and leave
    // durable event appends as they were (64 KiB pages record faster still but slow
    // every event commit). A page size can only be chosen before the first write; an
    // existing file keeps its own.
    if (creating) db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    // FULL: an event acknowledged to the UI survives a power cut, not just a crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('trusted_schema = OFF');
    migrate(db, databasePath, list);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(
      `Cannot use the database ${databasePath}: ${(error as Error).message}`,
      databasePath,
      { cause: error },
    );
  }
}

function refuseNewerSchema(db: Database.Database, databasePath: string, list: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = list.length ? list[list.length - 1]!.version : 0;
  if (current > latest) {
    throw new DatabaseOpenError(
      `The database ${databasePath} was written by a newer Firebreak (schema ${current}; this version knows up to ${latest}). It was left untouched; update Firebreak or choose another data folder with --data-dir.`,
      databasePath,
      undefined,
      'newer-schema',
    );
  }
}

function migrate(db: Database.Database, databasePath: string, list: readonly Migration[]): void {
  refuseNewerSchema(db, databasePath, list);
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

export { LATEST_SCHEMA_VERSION };
