import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { TerminalOutputRows, type TerminalOutputRow } from '../store/terminal-output-rows';

/**
 * Append-only journal of terminal output, one per process, so that what the
 * terminal has shown survives a crash of the process (SIGKILL, an abort):
 * the output recorder queues bytes for up to 100 ms and a worker thread
 * writes them, while the viewer gets them within a frame. Frames are handed
 * to the OS with one write() right before each display (see
 * `OutputSink.beforeDisplay`); the page cache outlives the process, so a
 * later open replays what the database did not get. A power cut is not
 * covered (no fsync: that would put a disk flush on every frame shown).
 *
 * A frame is one piece of one output row, identified as the database row
 * will be (session, seq), so replay is idempotent: `INSERT OR IGNORE`.
 */

/** One piece of an output row: `bytes` go at `offset` in row (sessionId, seq). */
export interface JournalFrame {
  sessionId: string;
  seq: number;
  runId: string | null;
  ts: string;
  offset: number;
  bytes: Buffer;
}

/** Where the journals of the database at `databasePath` live. */
export function outputJournalDirFor(databasePath: string): string {
  return path.join(path.dirname(databasePath), 'output-journal');
}

/**
 * 1 MiB segments: a flood of output rotates through small files that are
 * deleted once their rows are committed, a fraction of a second later, so
 * their pages are mostly dropped before the kernel writes them to disk.
 */
export const JOURNAL_SEGMENT_BYTES = 1024 * 1024;

const SEGMENT_SUFFIX = '.journal';

interface Segment {
  file: string;
  fd: number;
  size: number;
  /** The recorder's batches that hold the rows of this segment's first and last frames. */
  firstBatch: number;
  lastBatch: number;
  /** A batch of this segment failed to be written: the segment stays for the next open to replay. */
  keep: boolean;
}

/** The writing side: one process, one series of segment files. */
export class OutputJournal {
  private frames: { frame: JournalFrame; batch: number }[] = [];
  private current: Segment | null = null;
  private readonly closedSegments: Segment[] = [];
  private segmentNumber = 0;
  private failed = false;
  /** What the writer had reported at the last release. */
  private seen = { batchesDone: 0, lostBytes: 0 };
  private readonly prefix: string;

  constructor(
    private readonly dir: string,
    private readonly options: { segmentBytes?: number; onError?: (error: Error) => void } = {},
  ) {
    // 0700 / 0600: terminal output can hold secrets, as the database does.
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.prefix = `${process.pid}-${Date.now().toString(36)}`;
  }

  /** Queues a frame (no system call); `batch` is the recorder batch its row will be written in. */
  append(frame: JournalFrame, batch: number): void {
    if (!this.failed) this.frames.push({ frame, batch });
  }

  /** Hands every queued frame to the OS in one write. */
  sync(): void {
    if (this.frames.length === 0) return;
    const frames = this.frames;
    this.frames = [];
    try {
      const segment = this.segment();
      segment.size += writeAll(segment.fd, frames.flatMap(({ frame }) => encodeFrame(frame)));
      segment.firstBatch = Math.min(segment.firstBatch, frames[0]!.batch);
      segment.lastBatch = Math.max(segment.lastBatch, frames[frames.length - 1]!.batch);
      if (segment.size >= (this.options.segmentBytes ?? JOURNAL_SEGMENT_BYTES)) this.rotate();
    } catch (error) {
      // The database still gets these bytes; only the crash cover is lost, and said once.
      this.failed = true;
      this.options.onError?.(error as Error);
    }
  }

  /**
   * Deletes the closed segments whose rows are all committed. The writer
   * counts a failed batch's bytes just before counting the batch as done,
   * on another thread, so it is read three times: batches done, bytes lost,
   * batches done again. A loss not seen before may belong to any batch
   * after the last release's first reading, up to one past the second
   * reading: the segments holding those batches are kept for the next open
   * to replay. Only batches up to the first reading are taken as committed.
   */
  release(progress: { doneBefore: number; lostBytes: number; doneAfter: number }): void {
    if (progress.lostBytes > this.seen.lostBytes) {
      for (const segment of [...this.closedSegments, ...(this.current ? [this.current] : [])]) {
        if (segment.firstBatch <= progress.doneAfter + 1 && segment.lastBatch > this.seen.batchesDone) segment.keep = true;
      }
    }
    this.seen = { batchesDone: progress.doneBefore, lostBytes: progress.lostBytes };
    for (let i = this.closedSegments.length - 1; i >= 0; i--) {
      const segment = this.closedSegments[i]!;
      if (segment.keep || segment.lastBatch > progress.doneBefore) continue;
      removeQuietly(segment.file);
      this.closedSegments.splice(i, 1);
    }
  }

  /**
   * Writes this process's own journaled rows that the database lacks
   * (rows already stored are left as they are), through `rows`: used when
   * the writer thread died with batches unwritten, so they are in the
   * record now rather than at the next open. `lostBytesNow` is the
   * writer's count of lost bytes, all of which this covers: segments are
   * kept again only for losses after it. Returns what was added.
   */
  recoverInto(rows: TerminalOutputRows, lostBytesNow: number): { rows: number; bytes: number } {
    this.sync();
    const segments = [...this.closedSegments, ...(this.current ? [this.current] : [])];
    const added = rows.writeMissing(rowsOfSegments(segments.map((segment) => segment.file)));
    // Every row they hold is stored now: kept segments go once their batches count as done, like any other.
    for (const segment of segments) segment.keep = false;
    this.seen = { ...this.seen, lostBytes: lostBytesNow };
    return added;
  }

  /** Stops journaling once every batch is finished: committed segments are deleted, those of failed batches stay. */
  close(progress: { doneBefore: number; lostBytes: number; doneAfter: number }): void {
    this.sync();
    if (this.current) this.rotate();
    this.release(progress);
  }

  private segment(): Segment {
    if (this.current) return this.current;
    const file = path.join(this.dir, `${this.prefix}-${String(++this.segmentNumber).padStart(6, '0')}${SEGMENT_SUFFIX}`);
    this.current = { file, fd: fs.openSync(file, 'a', 0o600), size: 0, firstBatch: Number.MAX_SAFE_INTEGER, lastBatch: 0, keep: false };
    return this.current;
  }

  private rotate(): void {
    const segment = this.current!;
    fs.closeSync(segment.fd);
    this.closedSegments.push(segment);
    this.current = null;
  }
}

/**
 * Frame layout: u32 LE length of what follows, u32 LE header length, the
 * header as JSON (session, seq, run, ts, offset), then the bytes. A frame cut
 * short by the crash is recognised by its length and ignored.
 */
function encodeFrame(frame: JournalFrame): Buffer[] {
  const header = Buffer.from(JSON.stringify({ s: frame.sessionId, q: frame.seq, r: frame.runId, t: frame.ts, o: frame.offset }), 'utf8');
  const lengths = Buffer.allocUnsafe(8);
  lengths.writeUInt32LE(4 + header.length + frame.bytes.length, 0);
  lengths.writeUInt32LE(header.length, 4);
  return [lengths, header, frame.bytes];
}

/** Most buffers one writev takes (IOV_MAX is 1024 on Linux). */
const WRITEV_BUFFERS = 1024;

/** Writes the buffers in order with as few writev calls as possible (no copy into one buffer); returns the byte count. */
function writeAll(fd: number, buffers: Buffer[]): number {
  let total = 0;
  let pending = buffers;
  while (pending.length > 0) {
    const batch = pending.slice(0, WRITEV_BUFFERS);
    let written = fs.writevSync(fd, batch);
    total += written;
    let used = 0;
    while (used < batch.length && written >= batch[used]!.length) written -= batch[used++]!.length;
    // A short write (rare on a regular file) resumes inside the buffer it stopped in.
    pending = used < batch.length ? [batch[used]!.subarray(written), ...pending.slice(used + 1)] : pending.slice(used);
  }
  return total;
}

function* decodeFrames(data: Buffer): Generator<JournalFrame> {
  let at = 0;
  while (at + 8 <= data.length) {
    const length = data.readUInt32LE(at);
    const headerLength = data.readUInt32LE(at + 4);
    if (at + 4 + length > data.length || headerLength > length - 4) return;
    let header: { s: string; q: number; r: string | null; t: string; o: number };
    try {
      header = JSON.parse(data.toString('utf8', at + 8, at + 8 + headerLength)) as typeof header;
    } catch {
      return;
    }
    yield { sessionId: header.s, seq: header.q, runId: header.r, ts: header.t, offset: header.o, bytes: data.subarray(at + 8 + headerLength, at + 4 + length) };
    at += 4 + length;
  }
}

/** What a replay did, for the log. */
export interface JournalReplay {
  files: number;
  rows: number;
  bytes: number;
}

/**
 * Replays the journals of processes that are gone into `terminal_output`
 * (rows already there are kept as they are) and deletes them. Journals of
 * live processes (the app while the CLI runs) are theirs to finish. All
 * segments are read before rows are built: a row can continue from one
 * segment into the next.
 */
export function replayOutputJournals(db: Database.Database, dir: string): JournalReplay {
  const result: JournalReplay = { files: 0, rows: 0, bytes: 0 };
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith(SEGMENT_SUFFIX)).sort();
  } catch {
    return result;
  }
  const files = names.filter((name) => {
    const pid = Number(name.split('-')[0]);
    return pid !== process.pid && !isAlive(pid);
  }).map((name) => path.join(dir, name));
  if (files.length === 0) return result;
  const added = new TerminalOutputRows(db).writeMissing(rowsOfSegments(files));
  result.rows = added.rows;
  result.bytes = added.bytes;
  for (const file of files) removeQuietly(file);
  result.files = files.length;
  return result;
}

/**
 * The rows held in these segment files (read in the order given: a
 * process's segments are numbered, so a row's pieces come in order). All
 * segments are read before rows are built: a row can continue from one
 * segment into the next. Each row is joined only as it is taken.
 */
function* rowsOfSegments(files: readonly string[]): Generator<TerminalOutputRow> {
  const rows = new Map<string, { frame: JournalFrame; parts: Buffer[]; size: number }>();
  for (const file of files) {
    for (const frame of decodeFrames(fs.readFileSync(file))) {
      const key = `${frame.sessionId}\0${frame.seq}`;
      const row = rows.get(key);
      // A row whose start is not here was committed before its segment was deleted; a piece that does not continue a row (never expected) is left out rather than misplaced.
      if (!row) {
        if (frame.offset === 0) rows.set(key, { frame, parts: [frame.bytes], size: frame.bytes.length });
      } else if (frame.offset === row.size) {
        row.parts.push(frame.bytes);
        row.size += frame.bytes.length;
      }
    }
  }
  for (const { frame, parts, size } of rows.values()) yield { sessionId: frame.sessionId, runId: frame.runId, seq: frame.seq, ts: frame.ts, bytes: Buffer.concat(parts, size) };
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Replayed again at the next open: harmless, since replay ignores rows already stored.
  }
}
