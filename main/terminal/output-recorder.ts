import type Database from 'better-sqlite3';

/**
 * Where the engine puts every raw byte a session produced. The terminal
 * service calls `write` from the pty's data handler, so it must be cheap:
 * it only queues.
 */
export interface OutputSink {
  /** Queues bytes of one session, tagged with the step run they belong to (or null). */
  write(sessionId: string, runId: string | null, bytes: Buffer): void;
  /** Writes whatever is queued now (before a step's record is read back, at shutdown). */
  flush(): void;
}

/** Tuning for {@link OutputRecorder}. */
export interface OutputRecorderOptions {
  /** How long bytes may wait before a batch is written; a timer, never the pty's data handler. */
  flushIntervalMs?: number;
  /** Queued bytes above which a batch is written at once, so memory stays bounded whatever a session prints. */
  maxPendingBytes?: number;
  /** Consecutive chunks of one session and run are merged into rows of at most this many bytes. */
  maxRowBytes?: number;
  /** Called when a batch cannot be written (disk full, database locked past its timeout). */
  onError?: (error: Error) => void;
  now?: () => Date;
  /** Close the database connection in close() (when the recorder opened it for itself). */
  ownsDatabase?: boolean;
}

/**
 * 100 ms: a tenth of a second of output at most is lost to a crash of main
 * itself; a power cut is covered by the WAL's own guarantees. 8 MiB of queue:
 * about 50 ms of `cat` of a large file on this kind of machine, far below
 * the 150 MB memory budget for streaming 1 GB.
 */
export const OUTPUT_FLUSH_INTERVAL_MS = 100;
export const OUTPUT_MAX_PENDING_BYTES = 8 * 1024 * 1024;
/** 256 KiB rows: large enough that a flood costs few rows, small enough to page through for replay. */
export const OUTPUT_MAX_ROW_BYTES = 256 * 1024;

interface PendingRow {
  sessionId: string;
  runId: string | null;
  ts: string;
  parts: Buffer[];
  size: number;
}

/** A stored chunk, read back. */
export interface RecordedChunk {
  sessionId: string;
  runId: string | null;
  seq: number;
  ts: string;
  bytes: Buffer;
}

/**
 * Records raw pty output into the `terminal_output` table (migration 002) in
 * batched transactions off the pty's data handler. Nothing is dropped: when
 * the queue is full the batch is written synchronously, which holds up the
 * data handler (and so, through the pty's own buffer, the program) rather
 * than losing bytes or growing memory.
 */
export class OutputRecorder implements OutputSink {
  private readonly insert: Database.Statement;
  private readonly lastSeq: Database.Statement;
  private readonly nextSeq = new Map<string, number>();
  private pending: PendingRow[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly flushIntervalMs: number;
  private readonly maxPendingBytes: number;
  private readonly maxRowBytes: number;
  private readonly now: () => Date;
  private failed: Error | undefined;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly options: OutputRecorderOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? OUTPUT_FLUSH_INTERVAL_MS;
    this.maxPendingBytes = options.maxPendingBytes ?? OUTPUT_MAX_PENDING_BYTES;
    this.maxRowBytes = options.maxRowBytes ?? OUTPUT_MAX_ROW_BYTES;
    this.now = options.now ?? (() => new Date());
    this.insert = db.prepare('INSERT INTO terminal_output (session_id, run_id, seq, ts, bytes) VALUES (?, ?, ?, ?, ?)');
    this.lastSeq = db.prepare('SELECT MAX(seq) AS seq FROM terminal_output WHERE session_id = ?');
  }

  /** Bytes queued and not yet written. */
  get pendingByteCount(): number {
    return this.pendingBytes;
  }

  /** The last write failure, if any: shown to the user, since the record is then incomplete. */
  get lastError(): Error | undefined {
    return this.failed;
  }

  write(sessionId: string, runId: string | null, bytes: Buffer): void {
    if (bytes.length === 0 || this.closed) return;
    const last = this.pending[this.pending.length - 1];
    if (last && last.sessionId === sessionId && last.runId === runId && last.size + bytes.length <= this.maxRowBytes) {
      last.parts.push(bytes);
      last.size += bytes.length;
    } else {
      this.pending.push({ sessionId, runId, ts: this.now().toISOString(), parts: [bytes], size: bytes.length });
    }
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= this.maxPendingBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushIntervalMs);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    try {
      this.db.transaction(() => {
        for (const row of rows) {
          const bytes = row.parts.length === 1 ? row.parts[0]! : Buffer.concat(row.parts, row.size);
          this.insert.run(row.sessionId, row.runId, this.takeSeq(row.sessionId), row.ts, bytes);
        }
      })();
    } catch (error) {
      // The sequence numbers handed out for the failed batch are forgotten,
      // so the next batch starts after what is really stored.
      for (const row of rows) this.nextSeq.delete(row.sessionId);
      this.failed = error as Error;
      this.options.onError?.(error as Error);
    }
  }

  /** Every stored chunk of a session (or of one step run), in order. */
  read(filter: { sessionId: string } | { runId: string }): RecordedChunk[] {
    this.flush();
    const rows = (
      'sessionId' in filter
        ? this.db.prepare('SELECT * FROM terminal_output WHERE session_id = ? ORDER BY seq').all(filter.sessionId)
        : this.db.prepare('SELECT * FROM terminal_output WHERE run_id = ? ORDER BY session_id, seq').all(filter.runId)
    ) as Array<{ session_id: string; run_id: string | null; seq: number; ts: string; bytes: Buffer }>;
    return rows.map((row) => ({ sessionId: row.session_id, runId: row.run_id, seq: row.seq, ts: row.ts, bytes: row.bytes }));
  }

  /** Writes what is queued and stops accepting output. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.options.ownsDatabase) this.db.close();
  }

  private takeSeq(sessionId: string): number {
    let next = this.nextSeq.get(sessionId);
    if (next === undefined) next = ((this.lastSeq.get(sessionId) as { seq: number | null }).seq ?? 0) + 1;
    this.nextSeq.set(sessionId, next + 1);
    return next;
  }
}
