import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { sqliteNativeBinding } from '../store/sqlite-native-binding';
import { TerminalOutputRows, type RecordedChunk } from '../store/terminal-output-rows';
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
  /** The writer thread stopped, and everything it had not written was recovered: worth a log line, not a loss. */
  onWriterReplaced?: (message: string) => void;
  /** The writer thread's module (default {@link outputWriterModule}); tests give one that fails. */
  writerModule?: { script: string; eval: boolean };
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

export type { RecordedChunk } from '../store/terminal-output-rows';

type RowToWrite = OutputRowToWrite;

/** Writes batches of rows: on this thread (tests, small tools) or on a worker thread (the app, the CLI). */
interface BatchWriter {
  write(rows: RowToWrite[], bytes: number): void;
  /** Bytes of batches that failed; up to date once drain() returned. */
  readonly lostBytes: number;
  /** Batches finished (written or failed). */
  readonly batchesDone: number;
  /** Blocks until every batch handed over is finished (at close, and for tests' read-back). */
  drain(): void;
  /** Resolves once every batch handed over so far is finished; never blocks the thread. */
  settled(): Promise<void>;
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
  private readonly rows: TerminalOutputRows;
  private recoveredBytes = 0;
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
    this.rows = new TerminalOutputRows(db);
    const onError = (error: Error, lostBytes: number): void => this.fail(error, lostBytes);
    const workerDatabasePath = options.workerDatabasePath;
    this.writer = workerDatabasePath
      ? new ReplaceableWriter(
          () => new WorkerWriter(workerDatabasePath, onError, this.maxInFlight * IN_FLIGHT_HARD_LIMIT_FACTOR, options.writerModule ?? outputWriterModule()),
          () => new SameThreadWriter(this.rows, onError),
          (reason, lostBytes) => this.writerReplaced(reason, lostBytes),
        )
      : new SameThreadWriter(this.rows, onError);
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
    return this.writer.lostBytes - this.recoveredBytes;
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
        next = this.rows.lastSeq(sessionId) + 1;
      } catch {
        // Never throw at the pty: the batch's insert fails on the same problem and reports it.
        next = 1;
      }
    }
    this.nextSeq.set(sessionId, next + 1);
    return next;
  }

  /**
   * Blocks until everything queued is in the database. Only for a process
   * about to exit or a tool with nothing else to serve (the CLI's last read,
   * tests); the engine awaits {@link OutputRecorder.settled} instead.
   */
  drain(): void {
    this.flush();
    this.writer.drain();
  }

  /**
   * Resolves once everything queued until now is in the database (or known
   * lost): a read of the record awaits this first, so an export taken the
   * moment a step ends holds that step's last lines. The thread keeps
   * serving while it waits.
   */
  async settled(): Promise<void> {
    this.flush();
    await this.writer.settled();
  }

  /**
   * The writer thread is gone and this thread writes from now on. What it
   * had not written is taken back from this process's journal at once; only
   * what the journal lacks (no journal, or it could not be written) is lost.
   */
  private writerReplaced(reason: string, lostBytes: number): void {
    // Every journaled row then belongs to a batch already handed over: a row still growing is never recovered half-way.
    this.flush();
    let recovered = 0;
    if (this.journal && lostBytes > 0) {
      try {
        // Every journaled row the database lacks, including those of batches that failed earlier (a full disk): all are stored now.
        recovered = this.journal.recoverInto(this.rows, this.writer.lostBytes).bytes;
      } catch (error) {
        reason += `; the journal could not be read back: ${(error as Error).message}`;
      }
    }
    this.recoveredBytes += recovered;
    const stillLost = Math.max(0, lostBytes - recovered);
    const message = `the output writer thread stopped (${reason}); output is now written on the engine's own thread`;
    if (stillLost > 0) this.fail(new Error(message), stillLost);
    else this.options.onWriterReplaced?.(`${message}${recovered ? `; the ${recovered} bytes it had not written were recovered from the journal` : ''}`);
  }

  private fail(error: Error, lostBytes: number): void {
    this.failed = error;
    this.options.onError?.(error, lostBytes);
  }

  /** Every stored chunk of a session (or of one step run), in order. */
  read(filter: { sessionId: string } | { runId: string }): RecordedChunk[] {
    this.drain();
    return this.rows.read(filter);
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
  lostBytes = 0;
  batchesDone = 0;

  constructor(
    private readonly rows: TerminalOutputRows,
    private readonly onError: (error: Error, lostBytes: number) => void,
  ) {}

  write(rows: RowToWrite[], bytes: number): void {
    try {
      this.rows.writeBatch(rows);
    } catch (error) {
      // The failed rows' sequence numbers stay unused: the journal can still fill them at the next open.
      this.lostBytes += bytes;
      this.onError(error as Error, bytes);
    }
    this.batchesDone++;
  }

  drain(): void {}

  settled(): Promise<void> {
    return Promise.resolve();
  }

  inFlight(): number {
    return 0;
  }

  close(): void {}
}

const BATCHES_DONE = WriterCounter.batchesDone;
const BYTES_IN_FLIGHT = WriterCounter.bytesInFlight;
const OPEN_STATE = WriterCounter.openState;
const BYTES_LOST = WriterCounter.bytesLost;
/** How long close() waits for the writer thread to close its connection. */
const WORKER_CLOSE_LIMIT_MS = 10_000;
/** How long drain() waits for a thread that makes no progress at all (a hung disk) before giving up on it. */
const WORKER_STALL_LIMIT_MS = 30_000;

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

/**
 * Writes on a worker thread. The thread opens its own connection while
 * this one goes on: batches posted meanwhile wait in its queue. If it
 * cannot open the database, or dies later, `onGone` is told once: the
 * batches it had not finished are then counted as done and lost (their
 * bytes stay in the crash journal, replayed at the next open).
 */
class WorkerWriter implements BatchWriter {
  private readonly worker: Worker;
  private readonly counters = new Int32Array(new SharedArrayBuffer(WRITER_COUNTER_COUNT * Int32Array.BYTES_PER_ELEMENT));
  private posted = 0;
  /** Callers waiting in settled(). */
  private waiting = 0;
  private closing = false;
  private openFailure: string | undefined;
  /** Set when the thread is gone without being asked to close: what it had not finished, and why. */
  private gone: { batches: number; bytes: number } | undefined;
  private goneListener: ((reason: string, lostBytes: number) => void) | undefined;
  /** Resolves when the thread's exit has been handled (the writer replaced, if it ended unasked). */
  private readonly exitHandled: Promise<void>;
  private exitWasHandled!: () => void;

  constructor(
    databasePath: string,
    onError: (error: Error, lostBytes: number) => void,
    private readonly hardLimitBytes: number,
    entry: { script: string; eval: boolean },
  ) {
    const nativeBinding = sqliteNativeBinding();
    const workerData: OutputWriterData = { role: 'firebreak-output-writer', shared: this.counters.buffer as SharedArrayBuffer, databasePath, nativeBinding: nativeBinding ?? null };
    this.worker = new Worker(entry.script, { workerData, eval: entry.eval });
    this.worker.on('message', (message: WriterFailure) => {
      if (message.type !== 'error') return;
      // Without bytes: the database could not be opened; the thread ends next and that is reported once, with this reason.
      if (message.bytes === undefined) this.openFailure = `it could not open ${databasePath}: ${message.message}`;
      else onError(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}), message.bytes);
    });
    let uncaught: string | undefined;
    this.worker.on('error', (error) => {
      uncaught = error.message;
    });
    this.exitHandled = new Promise((resolve) => (this.exitWasHandled = resolve));
    this.worker.on('exit', (code) => {
      this.exitWasHandled();
      // Asked to close (or closed while it was failing): what it had not written is in the crash journal for the next open.
      if (this.closing) return;
      const batches = this.posted - Atomics.load(this.counters, BATCHES_DONE);
      const bytes = Atomics.load(this.counters, BYTES_IN_FLIGHT);
      this.gone = { batches, bytes };
      // Wake every wait on the counters: nothing will move them again.
      Atomics.notify(this.counters, BATCHES_DONE);
      Atomics.notify(this.counters, BYTES_IN_FLIGHT);
      this.goneListener?.(this.openFailure ?? (uncaught ? `it failed: ${uncaught}` : `it exited with code ${code}`), bytes);
    });
    // Nothing else keeps the process alive for this thread; the CLI must be able to exit.
    this.worker.unref();
  }

  /** Calls `listener` once if the thread ends without being asked to (or could not open the database). */
  onGone(listener: (reason: string, lostBytes: number) => void): void {
    this.goneListener = listener;
  }

  write(rows: RowToWrite[], bytes: number): void {
    Atomics.add(this.counters, BYTES_IN_FLIGHT, bytes);
    this.posted++;
    this.worker.postMessage({ type: 'write', rows, bytes } satisfies WriterRequest, rows.map((row) => row.bytes.buffer as ArrayBuffer).filter(unique));
    // Back-pressure is the terminal service's pause (backedUp/whenDrained); this wait is only the last
    // bound for a caller that ignores it, so memory never grows without limit.
    for (;;) {
      const inFlight = Atomics.load(this.counters, BYTES_IN_FLIGHT);
      if (inFlight <= this.hardLimitBytes || this.threadEnded()) break;
      Atomics.wait(this.counters, BYTES_IN_FLIGHT, inFlight, 100);
    }
  }

  /**
   * Whether the thread can write no more: known from its exit event, or
   * from the state it publishes as it ends (open failed, or ended unasked),
   * which a synchronous wait sees before the exit event can be handled.
   */
  private threadEnded(): boolean {
    const state = Atomics.load(this.counters, OPEN_STATE);
    return this.gone !== undefined || state === WriterOpenState.failed || state === WriterOpenState.ended;
  }

  get lostBytes(): number {
    return Atomics.load(this.counters, BYTES_LOST) + (this.gone?.bytes ?? 0);
  }

  get batchesDone(): number {
    return Atomics.load(this.counters, BATCHES_DONE) + (this.gone?.batches ?? 0);
  }

  inFlight(): number {
    return this.gone ? 0 : Atomics.load(this.counters, BYTES_IN_FLIGHT);
  }

  drain(): void {
    let progressAt = Date.now();
    let last = Atomics.load(this.counters, BATCHES_DONE);
    for (;;) {
      const done = Atomics.load(this.counters, BATCHES_DONE);
      if (done >= this.posted || this.threadEnded()) return;
      if (done !== last) [last, progressAt] = [done, Date.now()];
      // A thread alive but stuck (a hung disk) must not hold a process that is exiting forever: what is
      // unwritten then stays in the crash journal for the next open.
      if (Date.now() - progressAt > WORKER_STALL_LIMIT_MS) return;
      Atomics.wait(this.counters, BATCHES_DONE, done, 100);
    }
  }

  async settled(): Promise<void> {
    const target = this.posted;
    // A pending Atomics.waitAsync does not keep Node running: while someone waits (the CLI's last read, with
    // its shells gone), the thread is a reason to stay, or the process would end mid-wait with code 0.
    if (this.waiting++ === 0) this.worker.ref();
    try {
      for (;;) {
        const done = Atomics.load(this.counters, BATCHES_DONE);
        if (done >= target || this.gone) return;
        // Ended, its exit not handled yet: once it is, the writer that replaced it is waited for (ReplaceableWriter).
        if (this.threadEnded()) return await this.exitHandled;
        // The timeout only bounds a wait the thread's exit could not wake (it notifies too).
        const wait = Atomics.waitAsync(this.counters, BATCHES_DONE, done, 1_000);
        if (wait.async) await wait.value;
      }
    } finally {
      if (--this.waiting === 0) this.worker.unref();
    }
  }

  /**
   * Waits for the writer's connection to be closed: a process that exits
   * while that connection is still open can lose the WAL frames other
   * connections of the same process did not checkpoint. Bounded: the
   * engine awaits settled() first, so only the close itself is waited for.
   */
  close(): void {
    this.drain();
    this.closing = true;
    if (this.threadEnded()) return;
    this.worker.postMessage({ type: 'close' } satisfies WriterRequest);
    // Also while it is still opening: the close is queued behind the open, and its connection must be closed before this process exits.
    const deadline = Date.now() + WORKER_CLOSE_LIMIT_MS;
    for (;;) {
      const state = Atomics.load(this.counters, OPEN_STATE);
      const left = deadline - Date.now();
      if ((state !== WriterOpenState.opening && state !== WriterOpenState.open) || left <= 0) return;
      Atomics.wait(this.counters, OPEN_STATE, state, left);
    }
  }
}

/**
 * The worker writer, replaced by a writer on this thread if the worker
 * cannot open the database or dies: recording goes on, slower, and the
 * loss is told once. Counts stay continuous across the change, since the
 * crash journal numbers batches from the start.
 */
class ReplaceableWriter implements BatchWriter {
  private current: BatchWriter;
  private retired = { batchesDone: 0, lostBytes: 0 };

  constructor(
    startWorker: () => WorkerWriter,
    private readonly fallback: () => BatchWriter,
    onReplaced: (reason: string, lostBytes: number) => void,
  ) {
    const worker = startWorker();
    this.current = worker;
    worker.onGone((reason, lostBytes) => {
      if (this.current !== worker) return;
      this.retired = { batchesDone: worker.batchesDone, lostBytes: worker.lostBytes };
      this.current = this.fallback();
      onReplaced(reason, lostBytes);
    });
  }

  write(rows: RowToWrite[], bytes: number): void {
    this.current.write(rows, bytes);
  }

  get lostBytes(): number {
    return this.retired.lostBytes + this.current.lostBytes;
  }

  get batchesDone(): number {
    return this.retired.batchesDone + this.current.batchesDone;
  }

  inFlight(): number {
    return this.current.inFlight();
  }

  drain(): void {
    this.current.drain();
  }

  async settled(): Promise<void> {
    // The writer may be replaced while waiting; then the new one is waited for too.
    for (;;) {
      const writer = this.current;
      await writer.settled();
      if (writer === this.current) return;
    }
  }

  close(): void {
    this.current.close();
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
