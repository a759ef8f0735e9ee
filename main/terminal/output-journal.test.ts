import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/open-database';
import { OutputJournal, replayOutputJournals } from './output-journal';
import { OutputRecorder } from './output-recorder';

let dir: string;
let journalDir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-journal-'));
  journalDir = path.join(dir, 'output-journal');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/** The pid of a process that has exited: journals named after it belong to nobody alive. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

/** Renames this process's journal files as if a process that is gone had left them. */
function orphan(): string[] {
  const pid = deadPid();
  return fs.readdirSync(journalDir).map((name) => {
    const target = path.join(journalDir, name.replace(/^\d+-/, `${pid}-`));
    fs.renameSync(path.join(journalDir, name), target);
    return target;
  });
}

function rows(db: ReturnType<typeof openDatabase>) {
  return (db.prepare('SELECT session_id, run_id, seq, bytes FROM terminal_output ORDER BY session_id, seq').all() as { session_id: string; run_id: string | null; seq: number; bytes: Buffer }[]).map(
    (row) => [row.session_id, row.run_id, row.seq, row.bytes.toString()],
  );
}

describe('the output journal', () => {
  it('is private, and replays a dead process\'s rows once, whole, ignoring a frame cut short and rows already stored', () => {
    const journal = new OutputJournal(journalDir);
    const ts = new Date(0).toISOString();
    journal.append({ sessionId: 's', seq: 1, runId: null, ts, offset: 0, bytes: Buffer.from('$ ') }, 1);
    journal.append({ sessionId: 's', seq: 2, runId: 'r', ts, offset: 0, bytes: Buffer.from('hello ') }, 1);
    journal.append({ sessionId: 's', seq: 2, runId: 'r', ts, offset: 6, bytes: Buffer.from('world') }, 1);
    journal.sync();
    journal.append({ sessionId: 's', seq: 3, runId: null, ts, offset: 0, bytes: Buffer.from('cut short') }, 2);
    journal.sync();
    expect(fs.statSync(journalDir).mode & 0o777).toBe(0o700);
    const [file] = orphan();
    expect(fs.statSync(file!).mode & 0o777).toBe(0o600);
    // The crash cut the last frame.
    fs.truncateSync(file!, fs.statSync(file!).size - 3);
    const copy = fs.readFileSync(file!);

    const db = openDatabase(path.join(dir, 'firebreak.sqlite3'));
    db.prepare("INSERT INTO terminal_output (session_id, run_id, seq, ts, bytes) VALUES ('s', NULL, 1, ?, ?)").run(ts, Buffer.from('$ '));
    expect(replayOutputJournals(db, journalDir)).toEqual({ files: 1, rows: 1, bytes: 11 });
    expect(rows(db)).toEqual([
      ['s', null, 1, '$ '],
      ['s', 'r', 2, 'hello world'],
    ]);
    expect(fs.readdirSync(journalDir)).toEqual([]);
    // Replayed twice (a crash during the replay): nothing doubles.
    fs.writeFileSync(file!, copy);
    expect(replayOutputJournals(db, journalDir).rows).toBe(0);
    expect(rows(db)).toHaveLength(2);
    db.close();
  });

  it('deletes segments once their batches are committed, and keeps only those that may hold a failed batch', () => {
    const journal = new OutputJournal(journalDir, { segmentBytes: 10 });
    const segmentOf = (batch: number) => {
      journal.append({ sessionId: 's', seq: batch, runId: null, ts: new Date(0).toISOString(), offset: 0, bytes: Buffer.from(`batch ${batch} bytes`) }, batch);
      journal.sync();
      return fs.readdirSync(journalDir).sort().at(-1)!;
    };
    const first = segmentOf(1);
    const second = segmentOf(2);
    const third = segmentOf(3);
    journal.release({ doneBefore: 1, lostBytes: 0, doneAfter: 1 });
    expect(fs.readdirSync(journalDir).sort()).toEqual([second, third]);
    // Batch 2 failed (or batch 3, counted lost just before it is done): both segments stay.
    journal.release({ doneBefore: 2, lostBytes: 13, doneAfter: 2 });
    const fourth = segmentOf(4);
    journal.release({ doneBefore: 4, lostBytes: 13, doneAfter: 4 });
    expect(fs.readdirSync(journalDir).sort()).toEqual([second, third]);
    expect([first, fourth].some((name) => fs.existsSync(path.join(journalDir, name)))).toBe(false);
  });

  it('replays a row that continues from one segment into the next whole', () => {
    const journal = new OutputJournal(journalDir, { segmentBytes: 10 });
    const ts = new Date(0).toISOString();
    journal.append({ sessionId: 's', seq: 1, runId: 'r', ts, offset: 0, bytes: Buffer.from('first half, ') }, 1);
    journal.sync();
    journal.append({ sessionId: 's', seq: 1, runId: 'r', ts, offset: 12, bytes: Buffer.from('second half') }, 1);
    journal.sync();
    expect(orphan()).toHaveLength(2);
    const db = openDatabase(path.join(dir, 'firebreak.sqlite3'));
    expect(replayOutputJournals(db, journalDir)).toEqual({ files: 2, rows: 1, bytes: 23 });
    expect(rows(db)).toEqual([['s', 'r', 1, 'first half, second half']]);
    db.close();
  });

  it('leaves a live process\'s journal alone', () => {
    const journal = new OutputJournal(journalDir);
    journal.append({ sessionId: 's', seq: 1, runId: null, ts: new Date(0).toISOString(), offset: 0, bytes: Buffer.from('x') }, 1);
    journal.sync();
    const db = openDatabase(path.join(dir, 'firebreak.sqlite3'));
    expect(replayOutputJournals(db, journalDir).files).toBe(0);
    expect(fs.readdirSync(journalDir)).toHaveLength(1);
    db.close();
  });

  it('through the recorder: journaled before display, segments removed once committed, left for replay when a batch failed', () => {
    const file = path.join(dir, 'firebreak.sqlite3');
    const db = openDatabase(file);
    const recorder = new OutputRecorder(db, { journalDir });
    recorder.write('s', 'r', Buffer.from('shown'));
    recorder.beforeDisplay();
    expect(fs.readdirSync(journalDir)).toHaveLength(1);
    recorder.close();
    expect(fs.readdirSync(journalDir)).toEqual([]);

    const failing = new OutputRecorder(db, { journalDir, onError: () => {} });
    failing.write('t', null, Buffer.from('kept for replay'));
    failing.beforeDisplay();
    db.exec('ALTER TABLE terminal_output RENAME TO terminal_output_away');
    failing.close();
    db.exec('ALTER TABLE terminal_output_away RENAME TO terminal_output');
    expect(fs.readdirSync(journalDir)).toHaveLength(1);
    orphan();
    new OutputRecorder(db, { journalDir }).close();
    expect(rows(db)).toEqual([
      ['s', 'r', 1, 'shown'],
      ['t', null, 1, 'kept for replay'],
    ]);
    db.close();
  });
});
