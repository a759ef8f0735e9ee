/**
 * App start-up replays the output journal a crashed process left in the
 * data folder, before anything else is recorded.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databasePathIn } from '../platform/app-paths';
import { openDatabase } from '../store/open-database';
import { OutputJournal, outputJournalDirFor } from '../terminal/output-journal';
import { createTestApp, disposeTestApps } from '../testing/test-app';

afterEach(disposeTestApps);

describe('app start-up after a crash', () => {
  it('puts the output a killed process had shown into the record and removes its journal', () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-app-replay-')), 'data');
    const databasePath = databasePathIn(dataDir);
    openDatabase(databasePath).close();
    // What a process journals right before showing output, then it dies (a pid that has exited).
    const journalDir = outputJournalDirFor(databasePath);
    const journal = new OutputJournal(journalDir);
    journal.append({ sessionId: 'crashed-session', seq: 1, runId: 'run-1', ts: new Date().toISOString(), offset: 0, bytes: Buffer.from('shown before the crash\r\n') }, 1);
    journal.sync();
    const deadPid = spawnSync('true').pid!;
    for (const name of fs.readdirSync(journalDir)) fs.renameSync(path.join(journalDir, name), path.join(journalDir, name.replace(/^\d+-/, `${deadPid}-`)));

    createTestApp({ dataDir });

    const db = new Database(databasePath, { readonly: true });
    const rows = db.prepare("SELECT run_id, bytes FROM terminal_output WHERE session_id = 'crashed-session'").all() as { run_id: string; bytes: Buffer }[];
    db.close();
    expect(rows.map((row) => [row.run_id, row.bytes.toString()])).toEqual([['run-1', 'shown before the crash\r\n']]);
    expect(fs.readdirSync(journalDir)).toEqual([]);
  });
});
