import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, type Page } from '@playwright/test';

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

/**
 * What the window showed when a test failed, on one line the CI summary keeps
 * (its log shows only the tail; the trace stays on the CI machine).
 */
async function describePageAtFailure(page: Page): Promise<string> {
  if (page.isClosed()) return 'Page at failure: closed';
  const state = page
    .evaluate(() => {
      const active = document.activeElement;
      const focus = active && active !== document.body ? `${active.tagName.toLowerCase()}${active.id ? `#${active.id}` : ''}${active.getAttribute('aria-label') ? `[${active.getAttribute('aria-label')}]` : ''}` : 'body';
      const texts = (selector: string) => [...document.querySelectorAll(selector)].map((element) => (element.textContent ?? '').trim().slice(0, 160)).filter(Boolean);
      return {
        url: location.pathname,
        focus,
        runbooks: document.querySelectorAll('.runbook-item').length,
        notices: texts('.notice'),
        alerts: texts('[role="alert"]'),
        dialogs: texts('[role="dialog"] h2'),
        warnings: texts('.badge.danger'),
      };
    })
    .catch((error: unknown) => ({ unreadable: String(error).split('\n')[0] }));
  // A hung page must not hold the teardown (and its host) up: two seconds, then say so.
  const timeout = new Promise<{ unreadable: string }>((resolve) => setTimeout(() => resolve({ unreadable: 'the page did not answer within 2 s' }), 2000).unref());
  return `Page at failure: ${JSON.stringify(await Promise.race([state, timeout]))}`;
}

/** Pages already described, so a failure is told once. */
const described = new WeakSet<Page>();

async function tellFailure(page: Page): Promise<void> {
  if (described.has(page)) return;
  described.add(page);
  console.log(await describePageAtFailure(page));
}

/** Runbooks a test changes on disk: these files (name → text), or a copy of the fixture runbooks. */
export type RunbookFiles = Record<string, string> | 'fixtures';

export const test = base.extend<{ host: BrowserHost; runbookFiles: RunbookFiles | undefined; runbookFolder: string }>({
  runbookFiles: [undefined, { option: true }],
  // The folder the host serves: the fixture runbooks as they are, or a temporary folder with `runbookFiles`, removed after.
  runbookFolder: async ({ runbookFiles }, use) => {
    if (!runbookFiles) return use(FIXTURE_RUNBOOKS);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-runbooks-'));
    if (runbookFiles === 'fixtures') fs.cpSync(FIXTURE_RUNBOOKS, folder, { recursive: true });
    else for (const [name, text] of Object.entries(runbookFiles)) fs.writeFileSync(path.join(folder, name), text);
    await use(folder);
    fs.rmSync(folder, { recursive: true, force: true });
  },
  page: async ({ page }, use, testInfo) => {
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus) await tellFailure(page);
  },
  // Takes the page so that, on a failure, the page is described before its host stops.
  host: async ({ page, runbookFolder }, use, testInfo) => {
    const host = await startHost({ runbooks: runbookFolder });
    await use(host);
    try {
      if (testInfo.status !== testInfo.expectedStatus) {
        await tellFailure(page);
        console.log(`Host output at failure (last lines):\n${host.output().trimEnd().split('\n').filter((line) => !line.includes('token=')).slice(-8).join('\n')}`);
      }
    } finally {
      await stopHost(host);
    }
  },
});

export { expect } from '@playwright/test';
