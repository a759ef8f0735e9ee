/**
 * `firebreak run` SIGKILLed while a step streams: every byte it had shown on
 * stdout is in the record after the next open (the crash journal is
 * replayed). The real CLI in a child process, a real shell, a real file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databasePathIn } from '../../platform/app-paths';
import { loadRunbook } from '../../runbooks/runbook-library';
import { TrustStore } from '../../runbooks/trust-store';
import { SettingsStore } from '../../settings/settings-store';
import { openDatabase } from '../../store/open-database';
import { PlainOutput } from '../plain-output';

const CLI = path.resolve(__dirname, '..', 'cli.ts');
const RUNBOOK = '---\nid: stream\ntitle: Stream\n---\n# Stream\n\n```bash {id=stream}\nfor i in $(seq 1 400000); do echo "chunk $((i / 5000)) line $i of the stream"; done\n```\n';
/** Killed once this much has been shown: well into the stream, long before its end. */
const SHOWN_BEFORE_KILL = 400_000;
let dir: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-crash-run-'));
  fs.mkdirSync(path.join(dir, 'home'));
  fs.writeFileSync(path.join(dir, 'runbook.md'), RUNBOOK);
  env = { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), SHELL: '/bin/bash', FIREBREAK_HOME: path.join(dir, 'data'), LANG: 'C.UTF-8' };
  const runbook = loadRunbook(path.join(dir, 'runbook.md'), 'user');
  new TrustStore(new SettingsStore(path.join(dir, 'data')), { actor: 'tester' }).grant(runbook, runbook.contentHash);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/** Starts `firebreak run`, SIGKILLs it once it has shown enough, and returns everything it had written to stdout. */
async function runAndKill(): Promise<Buffer> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'run', path.join(dir, 'runbook.md')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const shown: Buffer[] = [];
  let size = 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  child.stdout.on('data', (chunk: Buffer) => {
    shown.push(chunk);
    size += chunk.length;
    if (size >= SHOWN_BEFORE_KILL) child.kill('SIGKILL');
  });
  // 'close': stdout is read to its end, so everything written before the kill is in `shown`.
  expect(await closed, stderr).toBe('SIGKILL');
  return Buffer.concat(shown);
}

/** The session's recorded bytes in order, with the shell-integration marks (which the terminal never shows) left out. */
function recordedText(): string {
  const db = openDatabase(databasePathIn(path.join(dir, 'data')));
  const rows = db.prepare('SELECT session_id, seq, bytes FROM terminal_output ORDER BY session_id, seq').all() as { session_id: string; seq: number; bytes: Buffer }[];
  db.close();
  expect(new Set(rows.map((row) => row.session_id)).size).toBe(1);
  expect(rows.map((row) => row.seq)).toEqual(rows.map((_row, index) => index + 1));
  const [head, ...marked] = Buffer.concat(rows.map((row) => row.bytes)).toString('utf8').split('\x1b]633;');
  return head + marked.map((piece) => piece.slice(piece.indexOf('\x07') + 1)).join('');
}

describe('firebreak run killed mid-stream', () => {
  it('after the next open, the record holds every byte that had been shown', async () => {
    const shown = (await runAndKill()).toString('utf8');
    expect(shown).toContain('chunk 1 line');
    // The next open of the data folder (any CLI command) replays what the killed process had journaled.
    const next = spawn(process.execPath, ['--import', 'tsx', CLI, 'incidents', '--all', '--json'], { env, stdio: 'ignore' });
    await new Promise((resolve) => next.on('close', resolve));
    // stdout is a pipe here, so what was shown is the recorded bytes as plain text (main/cli/plain-output.ts).
    const recorded = new PlainOutput().push(recordedText());
    const lastLine = shown.trimEnd().split('\n').at(-1)!;
    expect(recorded.length, `shown up to "${lastLine}"`).toBeGreaterThanOrEqual(shown.length);
    expect(recorded.startsWith(shown), `shown up to "${lastLine}"`).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'data', 'output-journal')).filter((name) => name.endsWith('.journal'))).toEqual([]);
  }, 60_000);
});
