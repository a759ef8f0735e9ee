/**
 * Test support: the real AppServices (a real bash on a real pty, a real
 * SQLite file) in a temporary folder, with a home whose login and
 * interactive shells both show a known prompt, and the runbooks given.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventChannel } from '../../shared/ipc/contract';
import { AppServices, type AppServicesOptions } from '../services/app-services';
import type { CallContext } from '../services/contract-router';
import { waitFor } from './wait-for';

export const TEST_CALL_CONTEXT: CallContext = { transport: 'browser', clientId: 'test' };

export interface TestAppOptions {
  /** File name → Markdown, written to the bundled runbook folder; none: no runbook folder at all. */
  runbooks?: Record<string, string>;
  /** The shell prompt, so tests can wait for it. */
  prompt?: string;
  /** Where the database lives; default `<root>/data`. */
  dataDir?: string;
  /** Prefix of the temporary folder. */
  name?: string;
  services?: Partial<AppServicesOptions>;
}

export interface TestApp {
  services: AppServices;
  root: string;
  home: string;
  dataDir: string;
  runbooksDir: string;
  /** Every contract event, in order. */
  seen: { channel: EventChannel; payload: unknown }[];
  logs: string[];
  /** Everything every session has shown so far. */
  screen(): string;
  /** Opens a session and waits for its prompt; returns the session id. */
  openSession(): Promise<string>;
}

const created: AppServices[] = [];

/** Calls a contract channel and returns its value, throwing with the channel's message when it fails. */
export function contractCaller(services: AppServices) {
  return async <T>(channel: string, payload: unknown): Promise<T> => {
    const result = await services.router.dispatch(channel, payload, TEST_CALL_CONTEXT);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as T;
  };
}

export function createTestApp(options: TestAppOptions = {}): TestApp {
  const prompt = options.prompt ?? 'svc$';
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `firebreak-${options.name ?? 'app'}-`));
  const runbooksDir = path.join(root, 'runbooks');
  const home = path.join(root, 'home');
  fs.mkdirSync(runbooksDir);
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, '.bashrc'), `PS1="${prompt} "\n`);
  // The engine starts bash as a login shell: make it read .bashrc too.
  fs.writeFileSync(path.join(home, '.bash_profile'), '. "$HOME/.bashrc"\n');
  for (const [file, text] of Object.entries(options.runbooks ?? {})) fs.writeFileSync(path.join(runbooksDir, file), text);
  const dataDir = options.dataDir ?? path.join(root, 'data');
  const seen: TestApp['seen'] = [];
  const logs: string[] = [];
  const services = new AppServices({
    dataDir,
    runbookFolders: options.runbooks ? [{ dir: runbooksDir, origin: 'bundled' }] : [],
    host: 'browser',
    version: '9.9.9',
    terminal: { shell: '/bin/bash', cwd: home, env: { ...process.env, HOME: home } },
    log: (message) => logs.push(message),
    ...options.services,
  });
  created.push(services);
  services.hub.subscribe((channel, payload) => seen.push({ channel, payload }));
  const screen = () =>
    seen
      .filter((event) => event.channel === 'terminal:output')
      .map((event) => (event.payload as { data: string }).data)
      .join('');
  return {
    services,
    root,
    home,
    dataDir,
    runbooksDir,
    seen,
    logs,
    screen,
    async openSession() {
      const { id } = await contractCaller(services)<{ id: string }>('terminal:open', { cols: 80, rows: 24 });
      await waitFor(() => screen().includes(prompt), 'the prompt');
      return id;
    },
  };
}

/** For afterEach: disposes every app created since the last call. */
export function disposeTestApps(): void {
  created.splice(0).forEach((services) => services.dispose());
}
