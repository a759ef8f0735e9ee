/**
 * What the output recorder (main/terminal/output-recorder.ts) and its
 * writer thread (output-writer-worker.ts) say to each other. Typed here,
 * once, so both ends are checked by the compiler.
 *
 * Messages go by postMessage; progress goes through shared counters
 * (an Int32Array over a SharedArrayBuffer) that the recording thread reads
 * without a round trip.
 */

/** Indexes into the shared counters. */
export const WriterCounter = {
  /** Batches finished (written or failed). */
  batchesDone: 0,
  /** Bytes posted and not yet written. */
  bytesInFlight: 1,
  /** 0 while opening, 1 once the database is open, -1 if it could not be opened, 2 once closed again, 3 if the thread ended unasked. */
  openState: 2,
  /** Bytes of batches that could not be written. */
  bytesLost: 3,
} as const;
export const WRITER_COUNTER_COUNT = 4;

export const WriterOpenState = { opening: 0, open: 1, failed: -1, closed: 2, ended: 3 } as const;

/** Given to the worker when it starts. */
export interface OutputWriterData {
  /** Marks the thread as the output writer, so loading the module anywhere else does nothing. */
  role: 'firebreak-output-writer';
  shared: SharedArrayBuffer;
  databasePath: string;
  /** The better-sqlite3 addon built for this runtime (Electron's ABI differs from Node's), when not the default. */
  nativeBinding: string | null;
}

/** One row of output, as the database will hold it. */
export interface OutputRowToWrite {
  sessionId: string;
  seq: number;
  runId: string | null;
  ts: string;
  bytes: Uint8Array;
}

export type WriterRequest = { type: 'write'; rows: OutputRowToWrite[]; bytes: number } | { type: 'close' };

export interface WriterFailure {
  type: 'error';
  message: string;
  /** SQLite's code (SQLITE_FULL, SQLITE_BUSY…) when there is one. */
  code?: string;
  /** Bytes of the batch that could not be written; absent when opening failed. */
  bytes?: number;
}
