/**
 * The SQLite writer of terminal output, run on a worker thread so that a
 * transaction never holds up the pty's data handler. A module of its own,
 * built by electron-vite as an entry beside main (out/main/output-writer.js)
 * and type-checked and linted like the rest; output-recorder.ts starts it.
 *
 * Loading this module on any other thread does nothing.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { WriterCounter, WriterOpenState, type OutputWriterData, type WriterFailure, type WriterRequest } from './output-writer-protocol';

function isWriterData(data: unknown): data is OutputWriterData {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === 'firebreak-output-writer';
}

function failureOf(error: unknown, bytes?: number): WriterFailure {
  const code = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
  return { type: 'error', message: error instanceof Error ? error.message : String(error), ...(code ? { code } : {}), ...(bytes === undefined ? {} : { bytes }) };
}

function runWriter(port: NonNullable<typeof parentPort>, data: OutputWriterData): void {
  const counters = new Int32Array(data.shared);
  let db: Database.Database | undefined;
  try {
    db = new Database(data.databasePath, { timeout: 5000, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
    db.pragma('synchronous = NORMAL');
    db.pragma('trusted_schema = OFF');
    Atomics.store(counters, WriterCounter.openState, WriterOpenState.open);
  } catch (error) {
    Atomics.store(counters, WriterCounter.openState, WriterOpenState.failed);
    port.postMessage(failureOf(error));
  }
  Atomics.notify(counters, WriterCounter.openState);
  // Rows come with their seq (given on the recording thread, as the crash journal names them).
  const insert = db?.prepare('INSERT INTO terminal_output (session_id, run_id, seq, ts, bytes) VALUES (?, ?, ?, ?, ?)');
  port.on('message', (message: WriterRequest) => {
    if (message.type === 'write') {
      try {
        if (!db || !insert) throw new Error('the output database is not open');
        // IMMEDIATE: it waits for the app's own connection instead of failing with SQLITE_BUSY.
        db.transaction(() => {
          for (const row of message.rows) insert.run(row.sessionId, row.runId, row.seq, row.ts, Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength));
        }).immediate();
      } catch (error) {
        Atomics.add(counters, WriterCounter.bytesLost, message.bytes);
        port.postMessage(failureOf(error, message.bytes));
      }
      Atomics.sub(counters, WriterCounter.bytesInFlight, message.bytes);
      Atomics.add(counters, WriterCounter.batchesDone, 1);
      Atomics.notify(counters, WriterCounter.batchesDone);
      Atomics.notify(counters, WriterCounter.bytesInFlight);
    } else {
      try {
        db?.close();
      } finally {
        Atomics.store(counters, WriterCounter.openState, WriterOpenState.closed);
        Atomics.notify(counters, WriterCounter.openState);
        port.close();
      }
    }
  });
}

if (!isMainThread && parentPort && isWriterData(workerData)) runWriter(parentPort, workerData);
