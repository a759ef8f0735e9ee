/**
 * The SQLite writer of terminal output, run in a worker thread so that a
 * transaction never holds up the pty's data handler. The worker's code is
 * kept as plain JavaScript text and started with `eval: true`: it then needs
 * no file of its own in the bundled app (electron-vite bundles main into one
 * file), and the same code runs under Node, tsx, vitest and Electron.
 *
 * Protocol: the main thread posts `{ type: 'write', rows, bytes }` and
 * `{ type: 'close' }`. Shared counters (Int32Array over a
 * SharedArrayBuffer): [0] batches finished, [1] bytes posted and not yet
 * written, [2] 1 once the database is open, -1 if it could not be opened, 2 once it
 * is closed again, [3] bytes of batches that could not be written.
 */
export const OUTPUT_WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const counters = new Int32Array(workerData.shared);
let db;
try {
  const Database = require(workerData.modulePath);
  db = new Database(workerData.databasePath, Object.assign({ timeout: 5000 }, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}));
  db.pragma('synchronous = NORMAL');
  db.pragma('trusted_schema = OFF');
  Atomics.store(counters, 2, 1);
} catch (error) {
  Atomics.store(counters, 2, -1);
  parentPort.postMessage({ type: 'error', message: String(error && error.message || error) });
}
Atomics.notify(counters, 2);
// Rows come with their seq (given on the main thread, as the crash journal names them).
const insert = db && db.prepare('INSERT INTO terminal_output (session_id, run_id, seq, ts, bytes) VALUES (?, ?, ?, ?, ?)');
parentPort.on('message', (message) => {
  if (message.type === 'write') {
    try {
      if (!db) throw new Error('the output database is not open');
      // IMMEDIATE: it waits for the app's own connection instead of failing with SQLITE_BUSY.
      db.transaction(() => {
        for (const row of message.rows) insert.run(row.sessionId, row.runId, row.seq, row.ts, Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength));
      }).immediate();
    } catch (error) {
      Atomics.add(counters, 3, message.bytes);
      parentPort.postMessage({ type: 'error', message: String(error && error.message || error), code: error && error.code, bytes: message.bytes });
    }
    Atomics.sub(counters, 1, message.bytes);
    Atomics.add(counters, 0, 1);
    Atomics.notify(counters, 0);
    Atomics.notify(counters, 1);
  } else if (message.type === 'close') {
    try {
      if (db) db.close();
    } finally {
      Atomics.store(counters, 2, 2);
      Atomics.notify(counters, 2);
      parentPort.close();
    }
  }
});
`;
