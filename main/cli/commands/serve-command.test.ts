import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SOCKET_PATH } from '../../../shared/ipc/socket-protocol';
import { waitUntil } from '../../drills/wait-until';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-serve-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/**
 * A shell that takes a second to end after SIGHUP: the server's shutdown is
 * still waiting for it when the second signal arrives.
 */
function slowExitingShell(): string {
  const file = path.join(root, 'slow-exit-shell.sh');
  fs.writeFileSync(file, '#!/bin/bash\ntrap \'sleep 1; exit 0\' HUP\necho slow-shell-ready\nwhile :; do sleep 0.1; done\n', { mode: 0o755 });
  return file;
}

/** Opens a terminal session through the browser host's socket, as the page does. */
async function openSession(url: string): Promise<WebSocket> {
  const { port, searchParams } = new URL(url);
  const ws = new WebSocket(`ws://127.0.0.1:${port}${SOCKET_PATH}?token=${searchParams.get('token')}`, { headers: { Origin: `http://127.0.0.1:${port}` } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const opened = new Promise<void>((resolve) =>
    ws.on('message', (raw: Buffer) => {
      const frame = JSON.parse(raw.toString()) as { type: string; channel?: string; payload?: { data?: string } };
      if (frame.type === 'event' && frame.channel === 'terminal:output' && frame.payload?.data?.includes('slow-shell-ready')) resolve();
    }),
  );
  ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'terminal:open', payload: { cols: 80, rows: 24 } }));
  await opened;
  return ws;
}

describe('firebreak serve', () => {
  it('treats a folder named with --runbooks as an added folder: its runbooks are user origin and untrusted', async () => {
    const team = path.join(root, 'team');
    fs.mkdirSync(team, { recursive: true });
    fs.writeFileSync(path.join(team, 'restart.md'), '---\nid: restart\ntitle: Restart\n---\n# Restart\n\n```bash { id=start }\necho start\n```\n');
    const cli = path.join(__dirname, '..', 'cli.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--data-dir', path.join(root, 'data-named'), 'serve', '--port', '0', '--runbooks', team], {
      cwd: path.join(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const url = await waitUntil(() => /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)?.[1], 60_000, () => `serve did not start: ${out}`);
      const { port, searchParams } = new URL(url);
      const ws = new WebSocket(`ws://127.0.0.1:${port}${SOCKET_PATH}?token=${searchParams.get('token')}`, { headers: { Origin: `http://127.0.0.1:${port}` } });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      const listed = new Promise<{ runbooks: { id: string; origin: string; trust: { state: string } }[] }>((resolve) =>
        ws.on('message', (raw: Buffer) => {
          const frame = JSON.parse(raw.toString()) as { type: string; id?: number; envelope?: { ok: boolean; value: never } };
          if (frame.type === 'result' && frame.id === 7) resolve(frame.envelope!.value);
        }),
      );
      ws.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'runbooks:list', payload: {} }));
      const { runbooks } = await listed;
      ws.close();
      expect(runbooks.map((entry) => ({ id: entry.id, origin: entry.origin, trust: entry.trust.state }))).toEqual([{ id: 'restart', origin: 'user', trust: 'untrusted' }]);
      // The answer came from the engine host, a child of serve: AppServices does not run in the process serving the socket.
      expect(execFileSync('pgrep', ['-P', String(child.pid), '-f', 'engine-host'], { encoding: 'utf8' }).trim()).toMatch(/^\d+$/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);

  it('ends with the reason, exit code 1, when its engine host dies under it', async () => {
    const cli = path.join(__dirname, '..', 'cli.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--data-dir', path.join(root, 'data-engine-killed'), 'serve', '--port', '0'], {
      cwd: path.join(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitUntil(() => /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)?.[1], 60_000, () => `serve did not start: ${out}`);
      const engine = Number(execFileSync('pgrep', ['-P', String(child.pid), '-f', 'engine-host'], { encoding: 'utf8' }).trim());
      process.kill(engine, 'SIGKILL');
      expect(await exited).toBe(1);
      expect(out).toMatch(/firebreak: The Firebreak engine stopped unexpectedly \(it was ended by SIGKILL\)/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);

  for (const signals of [['SIGINT', 'SIGINT'], ['SIGHUP'], ['SIGTERM', 'SIGHUP']] as const) {
    it(`on ${signals.join(' then ')} shuts down in order: exit code 0 and session.ended recorded`, async () => {
      const dataDir = path.join(root, `data-${signals.join('-')}`);
      const cli = path.join(__dirname, '..', 'cli.ts');
      const child = spawn(process.execPath, ['--import', 'tsx', cli, '--data-dir', dataDir, 'serve', '--port', '0', '--shell', slowExitingShell()], {
        cwd: path.join(__dirname, '..', '..', '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      try {
        const url = await waitUntil(() => /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)?.[1], 60_000, () => `serve did not start: ${out}`);
        const ws = await openSession(url);
        ws.on('error', () => {});
        for (const signal of signals) {
          child.kill(signal);
          // Separate deliveries: the kernel would merge two pending signals of one kind into one.
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        expect(await exited).toEqual({ code: 0, signal: null });
      } finally {
        child.kill('SIGKILL');
      }
      const db = new Database(path.join(dataDir, 'firebreak.sqlite3'), { readonly: true });
      const kinds = (db.prepare('SELECT kind FROM events ORDER BY seq').all() as { kind: string }[]).map((row) => row.kind);
      db.close();
      expect(kinds).toContain('session.started');
      expect(kinds).toContain('session.ended');
    }, 90_000);
  }
});
