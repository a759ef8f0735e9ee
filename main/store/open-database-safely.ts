import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations';
import { DatabaseOpenError, openDatabase } from './open-database';
import { sqliteNativeBinding } from './sqlite-native-binding';

/** The first 16 bytes of every SQLite 3 database file (sqlite.org/fileformat.html §1.3). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** SQLite codes that mean the file is damaged or not a database at all. */
const DAMAGED_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_IOERR_SHORT_READ']);

/** The database, plus what the user must be told about how it was opened. */
export interface SafelyOpenedDatabase {
  db: Database.Database;
  /** Plain-words warnings (e.g. the old file was moved aside), empty when all was well. */
  warnings: string[];
  /** Where damaged files were moved to (the main file first), for `firebreak recover`. */
  movedAside: string[];
}

/** Options of {@link openDatabaseSafely}. */
export interface SafeOpenOptions {
  migrations?: readonly Migration[];
  now?: () => Date;
}

/**
 * Opens the database like {@link openDatabase}, but first makes sure the
 * file is ours and sound: a foreign or damaged file (unknown header,
 * truncated, failing `PRAGMA quick_check` on a read-only connection, before
 * anything is migrated) or a write-ahead log without its
 * database is moved aside — renamed, never overwritten or deleted — and a
 * fresh database is started, with a warning naming where the old one went.
 * A database written by a newer Firebreak is still refused untouched.
 */
export function openDatabaseSafely(databasePath: string, options: SafeOpenOptions = {}): SafelyOpenedDatabase {
  const list = options.migrations ?? allMigrations;
  const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const warnings: string[] = [];
  const movedAside: string[] = [];
  const moveAside = (reason: string) => {
    const target = uniqueAsidePath(databasePath, stamp);
    const moved: string[] = [];
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      if (fs.existsSync(databasePath + suffix)) {
        fs.renameSync(databasePath + suffix, target + suffix);
        moved.push(target + suffix);
      }
    }
    movedAside.push(...moved);
    const main = moved.find((file) => file === target) ?? moved[0] ?? target;
    warnings.push(
      `The incident database ${databasePath} could not be used: ${reason}. It was moved aside untouched to ${main} and a fresh database was started, so nothing new is lost. To get back what the old file holds, run: firebreak recover "${main}"`,
    );
  };

  const header = readHeader(databasePath);
  if (header === 'foreign') moveAside('it is not a SQLite database (its header is unknown — another program\'s file, or damaged)');
  else if (header === 'missing' && fs.existsSync(`${databasePath}-wal`)) {
    moveAside('its write-ahead log (-wal) was found without the database it belongs to');
  }

  // Checked on a read-only connection before openDatabase switches the file to WAL and migrates it: a damaged file is moved aside as it was.
  if (header === 'sqlite' && !movedAside.length) {
    const problem = readOnlyCheck(databasePath);
    if (problem) moveAside(problem);
  }

  let db: Database.Database;
  try {
    db = openDatabase(databasePath, list);
  } catch (error) {
    if (!(error instanceof DatabaseOpenError) || error.failure !== 'unreadable' || !isDamage(error.cause)) throw error;
    moveAside(`it is damaged (${(error.cause as Error).message})`);
    db = openDatabase(databasePath, list);
    return { db, warnings, movedAside };
  }
  const problem = quickCheck(db);
  if (problem) {
    db.close();
    moveAside(`it failed its integrity check (${problem})`);
    db = openDatabase(databasePath, list);
  }
  return { db, warnings, movedAside };
}

/** `PRAGMA quick_check`: null when ok, else the first problem SQLite reports. */
export function quickCheck(db: Database.Database): string | null {
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const first = rows[0]?.quick_check ?? 'no answer';
    return first === 'ok' ? null : first;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * `PRAGMA quick_check` on a read-only connection: the reason to move the
 * file aside, or null when it is sound — or when it cannot be checked
 * without writing (a hot journal to roll back, a busy file), which the
 * normal open then handles.
 */
function readOnlyCheck(databasePath: string): string | null {
  let db: Database.Database;
  try {
    const nativeBinding = sqliteNativeBinding();
    db = new Database(databasePath, { readonly: true, fileMustExist: true, timeout: 5000, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (error) {
    return isDamage(error) ? `it is damaged (${(error as Error).message})` : null;
  }
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const first = rows[0]?.quick_check ?? 'no answer';
    return first === 'ok' ? null : `it failed its integrity check (${first})`;
  } catch (error) {
    return isDamage(error) ? `it is damaged (${(error as Error).message})` : null;
  } finally {
    db.close();
  }
}

function readHeader(databasePath: string): 'missing' | 'sqlite' | 'foreign' {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(databasePath);
  } catch {
    return 'missing';
  }
  if (!stat.isFile()) return 'sqlite'; // not ours to move: openDatabase names the problem
  if (stat.size === 0) return 'missing';
  const fd = fs.openSync(databasePath, 'r');
  try {
    const buffer = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return read === SQLITE_HEADER.length && buffer.equals(SQLITE_HEADER) ? 'sqlite' : 'foreign';
  } finally {
    fs.closeSync(fd);
  }
}

function isDamage(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DAMAGED_CODES.has(code);
}

function uniqueAsidePath(databasePath: string, stamp: string): string {
  const dir = path.dirname(databasePath);
  const base = path.basename(databasePath);
  for (let n = 0; ; n++) {
    const candidate = path.join(dir, `${base}.damaged-${stamp}${n ? `-${n}` : ''}`);
    if (!fs.existsSync(candidate) && !fs.existsSync(`${candidate}-wal`)) return candidate;
  }
}
