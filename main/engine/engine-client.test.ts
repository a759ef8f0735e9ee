import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../drills/wait-until';
import { EngineClient, type EngineClientOptions } from './engine-client';
import { engineHostEntry } from './engine-entry';
import { forkNodeEngine } from './node-engine-port';
import type { EngineProcessPort } from './engine-port';

/**
 * The engine host for real: engine-host-main.ts forked with
 * child_process.fork (the transport `firebreak serve` uses), a real
 * AppServices inside it (real bash on a real pty, real SQLite) in a
 * temporary data folder, driven through EngineClient.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-engine-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
const PROMPT = 'engine$';
const CONTEXT = { transport: 'browser', clientId: 'test' } as const;
const started: { client: EngineClient; port: EngineProcessPort }[] = [];
afterEach(async () => {
  for (const { client, port } of started.splice(0)) {
    port.kill();
    await client.shutdown(1_000).catch(() => {});
  }
});

let counter = 0;
function startEngine(clientOptions: EngineClientOptions = {}, keychain = false): { client: EngineClient; port: EngineProcessPort; dataDir: string } {
  const dir = path.join(root, `case-${++counter}`);
  const home = path.join(dir, 'home');
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(path.join(home, '.bashrc'), `PS1="${PROMPT} "\n`);
  fs.writeFileSync(path.join(home, '.bash_profile'), '. "$HOME/.bashrc"\n');
  const runbooks = path.join(dir, 'runbooks');
  fs.mkdirSync(runbooks);
  fs.writeFileSync(path.join(runbooks, 'hello.md'), '---\nid: hello\ntitle: Hello\n---\n# Hello\n\n```bash { id=greet }\necho hello\n```\n');
  const dataDir = path.join(dir, 'data');
  const { entry, execArgv } = engineHostEntry();
  const port = forkNodeEngine(entry, { execArgv, env: { ...process.env, HOME: home }, cwd: home });
  const client = new EngineClient(port, { dataDir, runbookFolders: [{ dir: runbooks, origin: 'bundled' }], host: 'browser', version: '9.9.9', shell: '/bin/bash', watchRunbooks: false, keychain }, clientOptions);
  started.push({ client, port });
  return { client, port, dataDir };
}

async function openSession(client: EngineClient): Promise<string> {
  let screen = '';
  const unsubscribe = client.subscribe((channel, payload) => {
    if (channel === 'terminal:output') screen += (payload as { data: string }).data;
  });
  const opened = await client.dispatch('terminal:open', { cols: 80, rows: 24 }, CONTEXT);
  expect(opened.ok).toBe(true);
  await waitUntil(() => screen.includes(PROMPT), 20_000, () => `no prompt; the screen shows: ${JSON.stringify(screen)}`);
  unsubscribe();
  return (opened as { ok: true; value: { id: string } }).value.id;
}

describe('engine host over child_process.fork', () => {
  it('answers a call made before it is ready, once AppServices is built in the child', async () => {
    const { client } = startEngine();
    // Sent at once: it waits for readiness instead of failing.
    const info = client.dispatch('app:info', {}, CONTEXT);
    const ready = await client.ready;
    expect(ready.problems).toEqual([]);
    const answer = await info;
    expect(answer.ok).toBe(true);
    expect((answer as { ok: true; value: { version: string; host: string } }).value).toMatchObject({ version: '9.9.9', host: 'browser' });
    const listed = await client.dispatch('runbooks:list', {}, CONTEXT);
    expect((listed as { ok: true; value: { runbooks: { id: string }[] } }).value.runbooks.map((runbook) => runbook.id)).toEqual(['hello']);
  }, 60_000);

  it('carries the contract error envelope back as it is', async () => {
    const { client } = startEngine();
    const answer = await client.dispatch('terminal:input', { sessionId: 42 }, CONTEXT);
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await client.dispatch('no:such', {}, CONTEXT)).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'Unknown channel "no:such".' } });
  }, 60_000);

  it('forwards hub events: a terminal opened in the child shows its prompt to the parent', async () => {
    const { client } = startEngine();
    const id = await openSession(client);
    let screen = '';
    client.subscribe((channel, payload) => {
      if (channel === 'terminal:output') screen += (payload as { data: string }).data;
    });
    expect((await client.dispatch('terminal:input', { sessionId: id, data: 'echo from-the-engine-$((6*7))\r' }, CONTEXT)).ok).toBe(true);
    await waitUntil(() => screen.includes('from-the-engine-42'), 20_000, () => `no echo; the screen shows: ${JSON.stringify(screen)}`);
  }, 60_000);

  it('a killed host rejects every pending call with a message saying so, and tells the window', async () => {
    const { client, port } = startEngine();
    await client.ready;
    const told: { message: string; expected: boolean }[] = [];
    client.onExit((message, expected) => told.push({ message, expected }));
    const pending = client.call('app:info', {}, CONTEXT);
    port.kill();
    await expect(pending).rejects.toThrow(/The Firebreak engine stopped unexpectedly \(it was ended by SIGKILL\).*The call app:info got no answer/);
    expect(told).toEqual([{ message: expect.stringMatching(/stopped unexpectedly/) as unknown as string, expected: false }]);
    // Later calls fail at once, as an envelope the page can show.
    expect(await client.dispatch('app:info', {}, CONTEXT)).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/stopped unexpectedly/) as unknown as string } });
  }, 60_000);

  it('shutdown ends every shell with session.ended on record, closes the store and ends the process', async () => {
    const { client, dataDir } = startEngine();
    await openSession(client);
    const told: boolean[] = [];
    client.onExit((_message, expected) => told.push(expected));
    await client.shutdown();
    expect(told).toEqual([true]);
    const db = new Database(path.join(dataDir, 'firebreak.sqlite3'), { readonly: true });
    const kinds = (db.prepare('SELECT kind FROM events ORDER BY seq').all() as { kind: string }[]).map((row) => row.kind);
    db.close();
    expect(kinds).toContain('session.started');
    expect(kinds).toContain('session.ended');
  }, 60_000);

  it('asks the parent what only it can answer: the keychain keeps the team password, and its refusal reaches the caller', async () => {
    const kept: string[] = [];
    let refuse = false;
    const { client } = startEngine(
      {
        answer: (question) => {
          if (question.question !== 'saveTeamPassword') return Promise.resolve(undefined);
          if (refuse) return Promise.reject(new Error('the keychain is locked'));
          kept.push(question.password);
          return Promise.resolve(undefined);
        },
      },
      true,
    );
    expect(await client.dispatch('team:set-password', { password: 's3cret' }, CONTEXT)).toEqual({ ok: true, value: {} });
    expect(kept).toEqual(['s3cret']);
    refuse = true;
    expect(await client.dispatch('team:set-password', { password: 'other' }, CONTEXT)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/the keychain is locked/) as unknown as string } });
  }, 60_000);

  it('a start the host cannot accept rejects readiness with the reason, and calls fail with it', async () => {
    const { entry, execArgv } = engineHostEntry();
    const port = forkNodeEngine(entry, { execArgv });
    const client = new EngineClient(port, { dataDir: '', runbookFolders: [], host: 'browser', version: '9.9.9' });
    started.push({ client, port });
    await expect(client.ready).rejects.toThrow(/The Firebreak engine could not start: the start options were refused: options.dataDir/);
    expect(await client.dispatch('app:info', {}, CONTEXT)).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/could not start/) as unknown as string } });
  }, 60_000);
});
