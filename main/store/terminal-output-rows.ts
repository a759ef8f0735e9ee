import Database from 'better-sqlite3';

/**
 * The `terminal_output` table (migration 002): every raw byte a session
 * produced, in rows numbered per session. Its SQL lives here; the output
 * recorder, its writer thread and the crash journal's replay use these.
 */

/** One row, as written and read back. */
export interface TerminalOutputRow {
  sessionId: string;
  runId: string | null;
  seq: number;
  ts: string;
  bytes: Uint8Array;
}

/** A stored row, read back. */
export interface RecordedChunk {
  sessionId: string;
  runId: string | null;
  seq: number;
  ts: string;
  bytes: Buffer;
}

/**
 * A connection of its own for the writer thread: NORMAL sync (the WAL keeps
 * a committed batch through a crash of the process), schema code untrusted.
 */
export function openOutputWriterConnection(databasePath: string, nativeBinding: string | null): Database.Database {
  const db = new Database(databasePath, { timeout: 5000, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('synchronous = NORMAL');
    db.pragma('trusted_schema = OFF');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The queries of `terminal_output` over one connection, prepared once. */
export class TerminalOutputRows {
  private readonly insert: Database.Statement;
  private readonly insertIfMissing: Database.Statement;
  private readonly last: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO terminal_output (session_id, run_id, seq, ts, bytes) VALUES (?, ?, ?, ?, ?)');
    this.insertIfMissing = db.prepare('INSERT OR IGNORE INTO terminal_output (session_id, run_id, seq, ts, bytes) VALUES (?, ?, ?, ?, ?)');
    this.last = db.prepare('SELECT MAX(seq) AS seq FROM terminal_output WHERE session_id = ?');
  }

  /**
   * Writes a batch in one IMMEDIATE transaction: it waits for another
   * connection's write (up to the busy timeout) instead of failing with
   * SQLITE_BUSY halfway. All rows or none.
   */
  writeBatch(rows: readonly TerminalOutputRow[]): void {
    this.db.transaction(() => {
      for (const row of rows) this.insert.run(row.sessionId, row.runId, row.seq, row.ts, asBuffer(row.bytes));
    }).immediate();
  }

  /** Writes rows not stored yet (a crash journal's replay); returns how many rows and bytes were new. */
  writeMissing(rows: Iterable<TerminalOutputRow>): { rows: number; bytes: number } {
    const added = { rows: 0, bytes: 0 };
    this.db.transaction(() => {
      for (const row of rows) {
        const changes = this.insertIfMissing.run(row.sessionId, row.runId, row.seq, row.ts, asBuffer(row.bytes)).changes;
        added.rows += changes;
        if (changes) added.bytes += row.bytes.byteLength;
      }
    }).immediate();
    return added;
  }

  /** The highest sequence number stored for a session; 0 when it has none. */
  lastSeq(sessionId: string): number {
    return (this.last.get(sessionId) as { seq: number | null }).seq ?? 0;
  }

  /** Every stored row of a session (or of one step run), in order. */
  read(filter: { sessionId: string } | { runId: string }): RecordedChunk[] {
    const rows = (
      'sessionId' in filter
        ? this.db.prepare('SELECT * FROM terminal_output WHERE session_id = ? ORDER BY seq').all(filter.sessionId)
        : this.db.prepare('SELECT * FROM terminal_output WHERE run_id = ? ORDER BY session_id, seq').all(filter.runId)
    ) as Array<{ session_id: string; run_id: string | null; seq: number; ts: string; bytes: Buffer }>;
    return rows.map((row) => ({ sessionId: row.session_id, runId: row.run_id, seq: row.seq, ts: row.ts, bytes: row.bytes }));
  }
}
