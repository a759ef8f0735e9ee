import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/open-database';
import { OutputRecorder } from './output-recorder';

let dir: string;
let databasePath: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-output-'));
  databasePath = path.join(dir, 'firebreak.sqlite3');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

for (const mode of ['same thread', 'worker thread'] as const) {
  describe(`OutputRecorder on the ${mode}`, () => {
    const make = (options: { maxRowBytes?: number; maxPendingBytes?: number } = {}) =>
      mode === 'worker thread'
        ? OutputRecorder.inWorker(openDatabase(databasePath), databasePath, { ownsDatabase: true, ...options })
        : new OutputRecorder(openDatabase(databasePath), { ownsDatabase: true, ...options });

    it('stores every byte in order, merges small chunks into rows, tags runs, and continues seq after a restart', () => {
      const recorder = make({ maxRowBytes: 10 });
      const bytes = Buffer.from([0xe2, 0x9c, 0x93, 0xff, 0x00, 0x1b, 0x5d]);
      recorder.write('s1', null, bytes.subarray(0, 2));
      recorder.write('s1', null, bytes.subarray(2));
      recorder.write('s1', 'run-1', Buffer.from('step output'));
      recorder.write('s2', null, Buffer.from('other session'));
      const rows = recorder.read({ sessionId: 's1' });
      expect(Buffer.concat(rows.map((row) => row.bytes))).toEqual(Buffer.concat([bytes, Buffer.from('step output')]));
      expect(rows.map((row) => [row.seq, row.runId, row.bytes.length])).toEqual([
        [1, null, 7],
        [2, 'run-1', 11],
      ]);
      expect(recorder.read({ runId: 'run-1' }).map((row) => row.bytes.toString())).toEqual(['step output']);
      recorder.close();
      const again = make();
      again.write('s1', null, Buffer.from('after restart'));
      expect(again.read({ sessionId: 's1' }).map((row) => row.seq)).toEqual([1, 2, 3]);
      again.close();
    });

    it('keeps its queue bounded: past the limit a batch is handed over at once', () => {
      const recorder = make({ maxPendingBytes: 1024 });
      for (let i = 0; i < 100; i++) {
        recorder.write('s', null, Buffer.alloc(100, i));
        expect(recorder.pendingByteCount).toBeLessThan(1024);
      }
      expect(Buffer.concat(recorder.read({ sessionId: 's' }).map((row) => row.bytes)).length).toBe(10_000);
      recorder.close();
    });
  });
}

it('reports a write it could not make instead of throwing at the pty', () => {
  const db = openDatabase(databasePath);
  const errors: Error[] = [];
  const recorder = new OutputRecorder(db, { onError: (error) => errors.push(error) });
  db.exec('DROP TABLE terminal_output');
  recorder.write('s', null, Buffer.from('x'));
  recorder.flush();
  expect(errors[0]?.message).toMatch(/no such table/);
  expect(recorder.lastError).toBe(errors[0]);
  db.close();
});
