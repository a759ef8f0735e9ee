import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';

export interface BrowserHost {
  url: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  output(): string;
}

const ROOT = path.resolve(__dirname, '..');
export const FIXTURE_RUNBOOKS = path.join(ROOT, 'e2e', 'fixtures', 'runbooks');

/**
 * Reviews and trusts a runbook folder the way a team pre-approves its
 * repository: the real `firebreak trust DIR --yes` (every command printed,
 * trust bound to each file's hash) into the host's data folder.
 */
export function trustFolder(dataDir: string, dir: string): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'firebreak.js'), '--data-dir', dataDir, 'trust', dir, '--yes'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`firebreak trust ${dir} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/**
 * Starts the real `firebreak serve` (real node-pty, real SQLite) in a fresh
 * data folder. A folder named with --runbooks is an added folder, untrusted
 * until reviewed; unless `trust: false`, it is reviewed and trusted first
 * through the real trust path, so specs can run its steps.
 */
export async function startHost(
  options: { runbooks?: string; dataDir?: string; port?: number; trust?: boolean; /** Extra environment, e.g. a responder's PGPASSFILE. */ env?: NodeJS.ProcessEnv } = {},
): Promise<BrowserHost> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-e2e-'));
  if (options.trust !== false) trustFolder(dataDir, options.runbooks ?? FIXTURE_RUNBOOKS);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-e2e-home-'));
  // A plain bash with a short prompt keeps terminal assertions deterministic.
  // Login and interactive shells both end up with it, however the engine starts bash.
  fs.writeFileSync(path.join(home, '.bashrc'), 'PS1="e2e$ "\n');
  fs.writeFileSync(path.join(home, '.bash_profile'), '. "$HOME/.bashrc"\n');
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin', 'firebreak.js'), '--data-dir', dataDir, 'serve', '--port', String(options.port ?? 0), '--shell', '/bin/bash', '--runbooks', options.runbooks ?? FIXTURE_RUNBOOKS],
    { cwd: home, env: { ...process.env, ...options.env, HOME: home, SHELL: '/bin/bash' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`firebreak serve did not start:\n${output}`)), 20_000);
    const check = () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`firebreak serve exited with ${code}:\n${output}`)));
  });
  return { url, origin: new URL(url).origin, dataDir, process: child, output: () => output };
}

export async function stopHost(host: BrowserHost): Promise<void> {
  if (host.process.exitCode !== null) return;
  const exited = new Promise((resolve) => host.process.once('exit', resolve));
  host.process.kill('SIGTERM');
  await exited;
}

export const test = base.extend<{ host: BrowserHost }>({
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await stopHost(host);
  },
});

export { expect } from '@playwright/test';
