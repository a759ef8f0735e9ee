import { damageInnerPage } from '../../testing/damage-database';
/**
 * A damaged incident database under the CLI: `firebreak run` and the other
 * commands that write check the file before writing, move a damaged one
 * aside untouched, say where it went and how to recover it, and go on with a
 * fresh database. The real CLI in a child process, a real shell, real files.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databasePathIn } from '../../platform/app-paths';
import { loadRunbook } from '../../runbooks/runbook-library';
import { TrustStore } from '../../runbooks/trust-store';
import { SettingsStore } from '../../settings/settings-store';
import { EventStore } from '../../store/event-store';
import { openDatabase } from '../../store/open-database';

const CLI = path.resolve(__dirname, '..', 'cli.ts');
const RUNBOOK = '---\nid: damaged-db\ntitle: Damaged db\n---\n# Damaged db\n\n```bash {id=hello}\necho hello-from-step\n```\n';
let dir: string;
let dataDir: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-damaged-'));
  dataDir = path.join(dir, 'data');
  fs.mkdirSync(path.join(dir, 'home'));
  fs.writeFileSync(path.join(dir, 'runbook.md'), RUNBOOK);
  env = { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), SHELL: '/bin/bash', FIREBREAK_HOME: dataDir, LANG: 'C.UTF-8' };
  const runbook = loadRunbook(path.join(dir, 'runbook.md'), 'user');
  new TrustStore(new SettingsStore(dataDir), { actor: 'tester' }).grant(runbook, runbook.contentHash);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A real database of this Firebreak with some incidents in it, then garbage over an inner page: it opens, but quick_check fails. */
function failingQuickCheck(file: string): Buffer {
  const events = new EventStore(openDatabase(file), 'ana');
  for (let i = 0; i < 200; i++) events.append(events.incidentForAction().id, 'note', { noteId: 'n', text: `note ${i} ${'y'.repeat(400)}` });
  events.close();
  const damaged = damageInnerPage(file);
  const check = new Database(file, { readonly: true });
  expect(check.pragma('quick_check', { simple: true })).not.toBe('ok');
  check.close();
  return damaged;
}

function garbage(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const bytes = Buffer.from('this is not a database, only words\n'.repeat(500));
  fs.writeFileSync(file, bytes);
  return bytes;
}

/** The moved-aside file the warning names, checked to hold the original bytes. */
function expectMovedAsideWarning(stderr: string, original: Buffer): void {
  const moved = /moved aside untouched to (\S+) /.exec(stderr)?.[1];
  expect(moved, stderr).toBeDefined();
  expect(stderr).toContain(`firebreak recover "${moved}"`);
  expect(fs.readFileSync(moved!).equals(original)).toBe(true);
}

function recordedSteps(): unknown[] {
  const store = new EventStore(openDatabase(databasePathIn(dataDir)), 'reader');
  const finished = store.list(store.incidentForAction().id, 0, 10_000).filter((event) => event.kind === 'step.finished').map((event) => [event.data.stepId, event.data.status]);
  store.close();
  return finished;
}

describe('the CLI on a damaged database', () => {
  it.each([
    ['a garbage file', garbage],
    ['a file whose quick_check fails', failingQuickCheck],
  ])('firebreak run on %s: moves it aside untouched, says where and how to recover, and records into a fresh one', async (_what, damage) => {
    const original = damage(databasePathIn(dataDir));
    const result = await cli(['run', path.join(dir, 'runbook.md')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('hello-from-step');
    expectMovedAsideWarning(result.stderr, original);
    expect(recordedSteps()).toEqual([['hello', 'passed']]);
  });

  it.each([
    ['a garbage file', garbage],
    ['a file whose quick_check fails', failingQuickCheck],
  ])('the incident commands on %s: the same warning, then they work on a fresh database', async (_what, damage) => {
    const original = damage(databasePathIn(dataDir));
    const result = await cli(['incidents', '--all', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
    expectMovedAsideWarning(result.stderr, original);
  });
});
