/**
 * The SQLite writer of terminal output, run on a worker thread so that a
 * transaction never holds up the pty's data handler. A module of its own,
 * built by electron-vite as an entry beside main (out/main/output-writer.js)
 * and type-checked and linted like the rest; output-recorder.ts starts it.
 *
 * Loading this module on any other thread does nothing.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openOutputWriterConnection, TerminalOutputRows } from '../store/terminal-output-rows';
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
  // However the thread ends (an uncaught error included), the recording thread must know without its event
  // loop turning: it may be waiting synchronously on these counters (drain, the in-flight limit).
  process.on('exit', () => {
    const state = Atomics.load(counters, WriterCounter.openState);
    if (state === WriterOpenState.opening || state === WriterOpenState.open) Atomics.store(counters, WriterCounter.openState, WriterOpenState.ended);
    for (const counter of [WriterCounter.openState, WriterCounter.batchesDone, WriterCounter.bytesInFlight]) Atomics.notify(counters, counter);
  });
  let db: Database.Database | undefined;
  let rows: TerminalOutputRows | undefined;
  try {
    db = openOutputWriterConnection(data.databasePath, data.nativeBinding);
    rows = new TerminalOutputRows(db);
    Atomics.store(counters, WriterCounter.openState, WriterOpenState.open);
  } catch (error) {
    // Said once, then the thread ends: the recorder writes on its own thread from then on.
    Atomics.store(counters, WriterCounter.openState, WriterOpenState.failed);
    Atomics.notify(counters, WriterCounter.openState);
    port.postMessage(failureOf(error));
    port.close();
    return;
  }
  Atomics.notify(counters, WriterCounter.openState);
  port.on('message', (message: WriterRequest) => {
    if (message.type === 'write') {
      try {
        // Rows come with their seq (given on the recording thread, as the crash journal names them).
        rows.writeBatch(message.rows);
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
