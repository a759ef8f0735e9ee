import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/open-database';
import { OutputRecorder, outputWriterModule } from './output-recorder';

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

describe('the writer thread failing', () => {
  it('cannot open the database: output is written on this thread instead, and that is said once', async () => {
    const errors: Error[] = [];
    const notices: string[] = [];
    // The reading connection opens; the thread is given a path nobody can open.
    const recorder = OutputRecorder.inWorker(openDatabase(databasePath), path.join(dir, 'missing-folder', 'x.sqlite3'), {
      ownsDatabase: true,
      journalDir: path.join(dir, 'journal'),
      onError: (error) => errors.push(error),
      onWriterReplaced: (message) => notices.push(message),
    });
    recorder.write('s', null, Buffer.from('first '));
    await recorder.settled();
    recorder.write('s', null, Buffer.from('second'));
    await recorder.settled();
    expect(errors).toEqual([]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/the output writer thread stopped \(it could not open .*missing-folder.*\); output is now written on the engine's own thread; the 6 bytes it had not written were recovered from the journal/);
    expect(Buffer.concat(recorder.read({ sessionId: 's' }).map((row) => row.bytes)).toString()).toBe('first second');
    expect(recorder.lostByteCount).toBe(0);
    recorder.close();
  });

  // The real writer, made to end on its first batch before writing it, as a thread killed mid-way would: a
  // listener registered before the writer's own ends the thread at once.
  const real = outputWriterModule();
  const dying = {
    script: `require('node:worker_threads').parentPort.on('message', () => process.exit(70));\n${real.eval ? real.script : `require(${JSON.stringify(real.script)});`}`,
    eval: true,
  };

  /** Blocks this thread (its event loop does not turn) until `ms` have passed. */
  const blockFor = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

  for (const how of ['could not open the database', 'died'] as const) {
    it(`${how}: a synchronous close() (the event loop never turning, so its exit event is unheard) returns, and the next open replays what it had not written`, () => {
      const journalDir = path.join(dir, 'journal');
      const recorder = OutputRecorder.inWorker(openDatabase(databasePath), how === 'died' ? databasePath : path.join(dir, 'missing-folder', 'x.sqlite3'), {
        ownsDatabase: true,
        journalDir,
        ...(how === 'died' ? { writerModule: dying } : {}),
      });
      recorder.write('s', null, Buffer.from('unwritten'));
      recorder.flush();
      blockFor(1_500);
      // Before: drain() inside close() waited for a thread that would never count the batch done.
      recorder.close();
      // Kept for the next process's open to replay (this one's own journal is never replayed by itself).
      const kept = fs.readdirSync(journalDir).map((name) => fs.readFileSync(path.join(journalDir, name)).toString('latin1'));
      expect(kept.join('')).toContain('unwritten');
    }, 20_000);
  }

  it('died while a caller ignoring back-pressure is held at the hard limit: the write returns', () => {
    const recorder = OutputRecorder.inWorker(openDatabase(databasePath), databasePath, { ownsDatabase: true, writerModule: dying, maxInFlightBytes: 10 });
    recorder.write('s', null, Buffer.alloc(100, 1));
    recorder.flush();
    // Far past 4 × the limit: before, this waited for ever on a thread that had died.
    recorder.write('s', null, Buffer.alloc(100, 2));
    recorder.flush();
    recorder.close();
  }, 20_000);

  it('dies mid-way: what it had not written is taken back from the journal at once, and later output is written on this thread', async () => {
    const losses: Array<{ message: string; bytes: number }> = [];
    const notices: string[] = [];
    const recorder = OutputRecorder.inWorker(openDatabase(databasePath), databasePath, {
      ownsDatabase: true,
      journalDir: path.join(dir, 'journal'),
      writerModule: dying,
      onError: (error, bytes) => losses.push({ message: error.message, bytes }),
      onWriterReplaced: (message) => notices.push(message),
    });
    recorder.write('s', 'run-1', Buffer.from('lost-with-the-thread '));
    await recorder.settled();
    recorder.write('s', 'run-1', Buffer.from('after'));
    await recorder.settled();
    expect(losses).toEqual([]);
    expect(notices).toEqual([expect.stringMatching(/the output writer thread stopped \(it exited with code 70\).*the 21 bytes it had not written were recovered from the journal/)]);
    expect(recorder.read({ sessionId: 's' }).map((row) => [row.seq, row.runId, row.bytes.toString()])).toEqual([
      [1, 'run-1', 'lost-with-the-thread '],
      [2, 'run-1', 'after'],
    ]);
    expect(recorder.lostByteCount).toBe(0);
    recorder.close();
    // Recovered rows are stored: their segments go like any other, nothing is left to replay.
    expect(fs.readdirSync(path.join(dir, 'journal'))).toEqual([]);
  });

  it('dies mid-way with no journal: its unfinished batch is counted lost and said, and a terminal paused for it is let go', async () => {
    const losses: Array<{ message: string; bytes: number }> = [];
    const recorder = OutputRecorder.inWorker(openDatabase(databasePath), databasePath, {
      ownsDatabase: true,
      writerModule: dying,
      maxInFlightBytes: 10,
      onError: (error, bytes) => losses.push({ message: error.message, bytes }),
    });
    recorder.write('s', null, Buffer.from('lost-with-the-thread '));
    recorder.flush();
    expect(recorder.backedUp()).toBe(true);
    // A paused terminal waits for this; it must come although the thread will never write.
    const drained = new Promise<void>((resolve) => recorder.whenDrained(resolve));
    await recorder.settled();
    await drained;
    expect(losses).toEqual([{ message: expect.stringMatching(/the output writer thread stopped \(it exited with code 70\)/), bytes: 21 }]);
    expect(recorder.lostByteCount).toBe(21);
    expect(recorder.backedUp()).toBe(false);
    recorder.write('s', null, Buffer.from('after'));
    await recorder.settled();
    expect(recorder.read({ sessionId: 's' }).map((row) => [row.seq, row.bytes.toString()])).toEqual([[2, 'after']]);
    recorder.close();
  });
});
