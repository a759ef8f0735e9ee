import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { sqliteNativeBinding } from '../store/sqlite-native-binding';
import { OutputJournal, replayOutputJournals } from './output-journal';
import { WRITER_COUNTER_COUNT, WriterCounter, WriterOpenState, type OutputRowToWrite, type OutputWriterData, type WriterFailure, type WriterRequest } from './output-writer-protocol';

/**
 * Where the engine puts every raw byte a session produced. The terminal
 * service calls `write` from the pty's data handler, so it must be cheap:
 * it only queues.
 */
export interface OutputSink {
  /**
   * Queues bytes of one session, tagged with the step run they belong to (or
   * null). `decoded`, when given, is what the session's one UTF-8 decoder
   * (never reset) made of these bytes, so a sink that needs text does not
   * decode them a second time.
   */
  write(sessionId: string, runId: string | null, bytes: Buffer, decoded?: string): void;
  /** Writes whatever is queued now (before a step's record is read back, at shutdown). */
  flush(): void;
  /**
   * Called right before output is shown (the viewer, the CLI's stdout):
   * makes everything written so far survive a crash of this process.
   */
  beforeDisplay?(): void;
  /**
   * Whether the sink holds more than it should (the disk is slower than the
   * program printing). The terminal service then pauses its ptys until
   * {@link OutputSink.whenDrained} calls back: the program waits, through the
   * pty's own buffer, and no thread that serves the window or IPC blocks.
   */
  backedUp?(): boolean;
  /** Calls `listener` once, as soon as the sink has room again. */
  whenDrained?(listener: () => void): void;
}

/** Tuning for {@link OutputRecorder}. */
export interface OutputRecorderOptions {
  /** How long bytes may wait before a batch is written; a timer, never the pty's data handler. */
  flushIntervalMs?: number;
  /** Queued bytes above which a batch is written at once, so memory stays bounded whatever a session prints. */
  maxPendingBytes?: number;
  /** Consecutive chunks of one session and run are merged into rows of at most this many bytes. */
  maxRowBytes?: number;
  /** Called when a batch cannot be written (disk full, database locked past its timeout), with how many bytes it held. */
  onError?: (error: Error, lostBytes: number) => void;
  now?: () => Date;
  /** Close the database connection in close() (when the recorder opened it for itself). */
  ownsDatabase?: boolean;
  /** Bytes handed to the writer and not yet written above which the sink reports itself backed up. */
  maxInFlightBytes?: number;
  /** Set by {@link OutputRecorder.inWorker}. */
  workerDatabasePath?: string;
  /**
   * Folder of the crash journal (see output-journal.ts): journals left by
   * dead processes are replayed at construction, and this process journals
   * what it is about to show. Without it, a crash loses what was queued.
   */
  journalDir?: string;
  /** The journal could not be written: the record still gets everything, but a crash may now lose the last batch. */
  onJournalError?: (error: Error) => void;
}

/**
 * 100 ms: a tenth of a second of output at most is lost to a crash of main
 * itself; a power cut is covered by the WAL's own guarantees. 8 MiB of queue:
 * about 50 ms of `cat` of a large file on this kind of machine, far below
 * the 150 MB memory budget for streaming 1 GB.
 */
export const OUTPUT_FLUSH_INTERVAL_MS = 100;
export const OUTPUT_MAX_PENDING_BYTES = 8 * 1024 * 1024;
/**
 * Bytes handed to the writer thread and not yet written, above which the
 * recorder reports itself backed up and the sessions' ptys are paused until
 * it has written half of them: memory stays bounded even when the disk is
 * slower than the program printing, and nothing blocks.
 */
export const OUTPUT_MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;
/**
 * A writer nobody pauses for (a caller that ignores backedUp()) is still
 * bounded: past this many times the limit, write() waits for the disk.
 */
const IN_FLIGHT_HARD_LIMIT_FACTOR = 4;
/** While backed up, how often the writer's progress is looked at (a counter read; no wait). */
const DRAIN_CHECK_MS = 20;
/** 256 KiB rows: large enough that a flood costs few rows, small enough to page through for replay. */
export const OUTPUT_MAX_ROW_BYTES = 256 * 1024;

interface PendingRow {
  sessionId: string;
  seq: number;
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

type RowToWrite = OutputRowToWrite;

/** Writes batches of rows: on this thread (tests, small tools) or on a worker thread (the app, the CLI). */
interface BatchWriter {
  write(rows: RowToWrite[], bytes: number): void;
  /** Bytes of batches that failed; up to date once drain() returned. */
  readonly lostBytes: number;
  /** Batches finished (written or failed). */
  readonly batchesDone: number;
  /** Blocks until every batch handed over is in the database. */
  drain(): void;
  /** Bytes handed over and not yet in the database. */
  inFlight(): number;
  close(): void;
}

/**
 * Records raw pty output into the `terminal_output` table (migration 002) in
 * batched transactions off the pty's data handler. Nothing is dropped: when
 * the queue or the writer falls too far behind, the data handler waits,
 * which holds up the program through the pty's own buffer rather than
 * losing bytes or growing memory.
 *
 * Created with a database connection, it writes on this thread; created
 * with {@link OutputRecorder.inWorker}, a worker thread does the writing
 * and this thread only queues and hands over.
 */
export class OutputRecorder implements OutputSink {
  private readonly writer: BatchWriter;
  private pending: PendingRow[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly flushIntervalMs: number;
  private readonly maxPendingBytes: number;
  private readonly maxRowBytes: number;
  private readonly now: () => Date;
  private failed: Error | undefined;
  private closed = false;
  private readonly journal: OutputJournal | null = null;
  private batchesPosted = 0;
  private readonly nextSeq = new Map<string, number>();
  private readonly lastSeq: Database.Statement;
  private readonly maxInFlight: number;
  private drainListeners: (() => void)[] = [];
  private drainTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly options: OutputRecorderOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? OUTPUT_FLUSH_INTERVAL_MS;
    this.maxPendingBytes = options.maxPendingBytes ?? OUTPUT_MAX_PENDING_BYTES;
    this.maxRowBytes = options.maxRowBytes ?? OUTPUT_MAX_ROW_BYTES;
    this.now = options.now ?? (() => new Date());
    this.maxInFlight = options.maxInFlightBytes ?? OUTPUT_MAX_IN_FLIGHT_BYTES;
    // Before any sequence number is handed out: replayed rows take theirs.
    if (options.journalDir) {
      try {
        replayOutputJournals(db, options.journalDir);
      } catch (error) {
        // The journals stay for the next open; recording must not be refused for them.
        options.onJournalError?.(new Error(`output left by a crashed process could not be replayed from ${options.journalDir}: ${(error as Error).message}`));
      }
      this.journal = new OutputJournal(options.journalDir, { onError: (error) => options.onJournalError?.(error) });
    }
    this.lastSeq = db.prepare('SELECT MAX(seq) AS seq FROM terminal_output WHERE session_id = ?');
    this.writer = options.workerDatabasePath
      ? new WorkerWriter(options.workerDatabasePath, (error, lostBytes) => this.fail(error, lostBytes), this.maxInFlight * IN_FLIGHT_HARD_LIMIT_FACTOR)
      : new SameThreadWriter(db, (error, lostBytes) => this.fail(error, lostBytes));
  }

  /**
   * A recorder whose writes happen on a worker thread with its own
   * connection to `databasePath`; `db` (opened by the caller, migrated) is
   * used for reads only.
   */
  static inWorker(db: Database.Database, databasePath: string, options: OutputRecorderOptions = {}): OutputRecorder {
    return new OutputRecorder(db, { ...options, workerDatabasePath: databasePath });
  }

  /** Bytes queued and not yet written. */
  get pendingByteCount(): number {
    return this.pendingBytes;
  }

  /** Bytes that could not be written, counted as of the last drain (the CLI's summary of what is missing). */
  get lostByteCount(): number {
    return this.writer.lostBytes;
  }

  /** Bytes queued or handed to the writer and not yet in the database. */
  get inFlightByteCount(): number {
    return this.pendingBytes + this.writer.inFlight();
  }

  /** The last write failure, if any: shown to the user, since the record is then incomplete. */
  get lastError(): Error | undefined {
    return this.failed;
  }

  write(sessionId: string, runId: string | null, bytes: Buffer): void {
    if (bytes.length === 0 || this.closed) return;
    let row = this.pending[this.pending.length - 1];
    if (!row || row.sessionId !== sessionId || row.runId !== runId || row.size + bytes.length > this.maxRowBytes) {
      row = { sessionId, seq: this.takeSeq(sessionId), runId, ts: this.now().toISOString(), parts: [], size: 0 };
      this.pending.push(row);
    }
    // The row goes out with the next batch; the journal frame is only queued here and written before display.
    this.journal?.append({ sessionId, seq: row.seq, runId, ts: row.ts, offset: row.size, bytes }, this.batchesPosted + 1);
    row.parts.push(bytes);
    row.size += bytes.length;
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= this.maxPendingBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushIntervalMs);
  }

  beforeDisplay(): void {
    this.journal?.sync();
  }

  backedUp(): boolean {
    return this.writer.inFlight() > this.maxInFlight;
  }

  whenDrained(listener: () => void): void {
    this.drainListeners.push(listener);
    // Room again at half the limit, so a flood resumes in long strides rather than pausing at every batch.
    this.drainTimer ??= setInterval(() => {
      if (this.writer.inFlight() > this.maxInFlight / 2 && !this.closed) return;
      this.stopDrainWatch();
    }, DRAIN_CHECK_MS);
  }

  private stopDrainWatch(): void {
    clearInterval(this.drainTimer);
    this.drainTimer = undefined;
    const listeners = this.drainListeners;
    this.drainListeners = [];
    for (const listener of listeners) listener();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    this.journal?.sync();
    const rows = this.pending.map((row) => ({ sessionId: row.sessionId, seq: row.seq, runId: row.runId, ts: row.ts, bytes: ownBytes(row.parts, row.size) }));
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.batchesPosted++;
    this.writer.write(rows, bytes);
    // Segments of committed batches go; those of a failed batch stay for the next open to replay.
    this.journal?.release(this.writerProgress());
  }

  /** In this order: see OutputJournal.release. */
  private writerProgress(): { doneBefore: number; lostBytes: number; doneAfter: number } {
    const doneBefore = this.writer.batchesDone;
    const lostBytes = this.writer.lostBytes;
    return { doneBefore, lostBytes, doneAfter: this.writer.batchesDone };
  }

  private takeSeq(sessionId: string): number {
    let next = this.nextSeq.get(sessionId);
    if (next === undefined) {
      try {
        next = ((this.lastSeq.get(sessionId) as { seq: number | null }).seq ?? 0) + 1;
      } catch {
        // Never throw at the pty: the batch's insert fails on the same problem and reports it.
        next = 1;
      }
    }
    this.nextSeq.set(sessionId, next + 1);
    return next;
  }

  /** Waits until everything queued is in the database (before reading it back, at shutdown). */
  drain(): void {
    this.flush();
    this.writer.drain();
  }

  private fail(error: Error, lostBytes: number): void {
    this.failed = error;
    this.options.onError?.(error, lostBytes);
  }

  /** Every stored chunk of a session (or of one step run), in order. */
  read(filter: { sessionId: string } | { runId: string }): RecordedChunk[] {
    this.drain();
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
    this.drain();
    this.closed = true;
    if (this.drainTimer) this.stopDrainWatch();
    this.journal?.close(this.writerProgress());
    this.writer.close();
    if (this.options.ownsDatabase) this.db.close();
  }
}

class SameThreadWriter implements BatchWriter {
  private readonly insert: Database.Statement;
  lostBytes = 0;
  batchesDone = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly onError: (error: Error, lostBytes: number) => void,
  ) {
    this.insert = db.prepare('INSERT INTO terminal_output (session_id, run_id, seq, ts, bytes) VALUES (?, ?, ?, ?, ?)');
  }

  write(rows: RowToWrite[], bytes: number): void {
    try {
      this.db.transaction(() => {
        for (const row of rows) this.insert.run(row.sessionId, row.runId, row.seq, row.ts, Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength));
      }).immediate();
    } catch (error) {
      // The failed rows' sequence numbers stay unused: the journal can still fill them at the next open.
      this.lostBytes += bytes;
      this.onError(error as Error, bytes);
    }
    this.batchesDone++;
  }

  drain(): void {}

  inFlight(): number {
    return 0;
  }

  close(): void {}
}

const BATCHES_DONE = WriterCounter.batchesDone;
const BYTES_IN_FLIGHT = WriterCounter.bytesInFlight;
const OPEN_STATE = WriterCounter.openState;
const BYTES_LOST = WriterCounter.bytesLost;
/** How long to wait for the writer thread to open the database before giving up on it. */
const WORKER_OPEN_LIMIT_MS = 10_000;

/**
 * How to start the writer thread's module: the file electron-vite built
 * beside the bundle that runs this code (out/main/output-writer.js; this
 * code may sit in out/main/chunks/), else, when running from source (the
 * tests, `tsx main/cli/cli.ts`), its TypeScript source through tsx's
 * require hook, since a worker does not inherit the parent's loader.
 */
export function outputWriterModule(): { script: string; eval: boolean } {
  for (const relative of ['./output-writer.js', '../output-writer.js']) {
    const built = fileURLToPath(new URL(relative, import.meta.url));
    if (fs.existsSync(built)) return { script: built, eval: false };
  }
  const source = fileURLToPath(new URL('./output-writer-worker.ts', import.meta.url));
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  return { script: `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`, eval: true };
}

class WorkerWriter implements BatchWriter {
  private readonly worker: Worker;
  private readonly counters = new Int32Array(new SharedArrayBuffer(WRITER_COUNTER_COUNT * Int32Array.BYTES_PER_ELEMENT));
  private posted = 0;

  constructor(
    databasePath: string,
    onError: (error: Error, lostBytes: number) => void,
    private readonly hardLimitBytes: number,
  ) {
    const nativeBinding = sqliteNativeBinding();
    const workerData: OutputWriterData = { role: 'firebreak-output-writer', shared: this.counters.buffer as SharedArrayBuffer, databasePath, nativeBinding: nativeBinding ?? null };
    const entry = outputWriterModule();
    this.worker = new Worker(entry.script, { workerData, eval: entry.eval });
    this.worker.on('message', (message: WriterFailure) => {
      if (message.type === 'error') onError(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}), message.bytes ?? 0);
    });
    this.worker.on('error', (error) => onError(error, 0));
    // Nothing else keeps the process alive for this thread; the CLI must be able to exit.
    this.worker.unref();
    Atomics.wait(this.counters, OPEN_STATE, 0, WORKER_OPEN_LIMIT_MS);
    if (Atomics.load(this.counters, OPEN_STATE) !== WriterOpenState.open) {
      void this.worker.terminate();
      throw new Error(`the output writer could not open ${databasePath}`);
    }
  }

  write(rows: RowToWrite[], bytes: number): void {
    Atomics.add(this.counters, BYTES_IN_FLIGHT, bytes);
    this.posted++;
    this.worker.postMessage({ type: 'write', rows, bytes } satisfies WriterRequest, rows.map((row) => row.bytes.buffer as ArrayBuffer).filter(unique));
    // Back-pressure is the terminal service's pause (backedUp/whenDrained); this wait is only the last
    // bound for a caller that ignores it, so memory never grows without limit.
    for (;;) {
      const inFlight = Atomics.load(this.counters, BYTES_IN_FLIGHT);
      if (inFlight <= this.hardLimitBytes) break;
      Atomics.wait(this.counters, BYTES_IN_FLIGHT, inFlight, 100);
    }
  }

  get lostBytes(): number {
    return Atomics.load(this.counters, BYTES_LOST);
  }

  get batchesDone(): number {
    return Atomics.load(this.counters, BATCHES_DONE);
  }

  inFlight(): number {
    return Atomics.load(this.counters, BYTES_IN_FLIGHT);
  }

  drain(): void {
    for (;;) {
      const done = Atomics.load(this.counters, BATCHES_DONE);
      if (done >= this.posted) return;
      Atomics.wait(this.counters, BATCHES_DONE, done, 100);
    }
  }

  /**
   * Waits for the writer's connection to be closed: a process that exits
   * while that connection is still open can lose the WAL frames other
   * connections of the same process did not checkpoint.
   */
  close(): void {
    this.drain();
    this.worker.postMessage({ type: 'close' } satisfies WriterRequest);
    Atomics.wait(this.counters, OPEN_STATE, WriterOpenState.open, WORKER_OPEN_LIMIT_MS);
  }
}

/**
 * Joins parts into bytes with an ArrayBuffer of their own: it is transferred
 * to the writer thread, and a Buffer from Node's shared pool must never be.
 */
function ownBytes(parts: Buffer[], size: number): Uint8Array {
  // allocUnsafeSlow: an ArrayBuffer of its own (never the pool) and no zero-filling, since every byte is set below.
  const bytes = Buffer.allocUnsafeSlow(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function unique<T>(value: T, index: number, all: T[]): boolean {
  return all.indexOf(value) === index;
}
