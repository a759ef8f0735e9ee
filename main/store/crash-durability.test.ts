import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabaseSafely } from './open-database-safely';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-crash-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/** Acknowledged events the child must have committed before it is killed. */
const EVENTS_BEFORE_KILL = 300;

describe('durability under SIGKILL', () => {
  it('loses no acknowledged event, leaves no gap in seq, and passes integrity_check', async () => {
    const file = path.join(dir, 'firebreak.sqlite3');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crash-writer.fixture.ts'), file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: number[] = [];
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.on('exit', () => reject(new Error(`the writer exited early: ${stderr}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) if (line) acknowledged.push(Number(line));
        if (acknowledged.length >= EVENTS_BEFORE_KILL) resolve();
      });
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Anything printed before the kill landed was acknowledged too.
    for (const line of buffered.split('\n')) if (line) acknowledged.push(Number(line));

    // Reopen as the app does at start-up (quick_check; nothing moved aside).
    const opened = openDatabaseSafely(file);
    expect(opened.warnings).toEqual([]);
    const db = opened.db;
    const seqs = (db.prepare('SELECT seq FROM events ORDER BY seq').all() as { seq: number }[]).map((row) => row.seq);
    const stored = new Set(seqs);
    expect(acknowledged.filter((seq) => !stored.has(seq))).toEqual([]);
    expect(seqs[0]).toBe(1);
    expect(seqs[seqs.length - 1]).toBe(seqs.length);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Output chunks were being written at the same time; their per-session seq has no gap either.
    const chunks = db.prepare("SELECT count(*) AS n, max(seq) AS last FROM terminal_output WHERE session_id = 'crash-session'").get() as {
      n: number;
      last: number;
    };
    expect(chunks.n).toBeGreaterThan(0);
    expect(chunks.last).toBe(chunks.n);
    db.close();
    // A plain reader agrees.
    const reader = new Database(file, { readonly: true });
    expect(reader.pragma('quick_check', { simple: true })).toBe('ok');
    reader.close();
  }, 60_000);
});
