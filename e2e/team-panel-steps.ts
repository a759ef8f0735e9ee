import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { startTestPostgres, type TestPostgres } from '../main/team/testing/postgres-server';
import { expect, startHost, stopHost, test as base, type BrowserHost } from './browser-host-fixture';
import { expectHeaderNotClipped, expectNoOverlap, watchConsole } from './layout-checks';

/** What the team specs share: a real PostgreSQL per test, responders in their own browser contexts, checked pictures. */

/** Where the team specs' pictures land, to be looked at. */
export const SHOTS = path.join(__dirname, '..', 'test-results', 'team');
const VIEWPORT = { width: 1024, height: 700 };

/** The browser-host test with a team PostgreSQL server of its own. */
export const test = base.extend<{ teamServer: TestPostgres }>({
  teamServer: async ({}, use) => {
    const server = await startTestPostgres();
    await use(server);
    await server.stop();
  },
});

/** The responders' hosts on a team server (see {@link startTeamHosts}). */
export interface TeamHosts {
  /** One `firebreak serve` host per role, in the order given. */
  hosts: BrowserHost[];
  /** The role's URL on the team server, without a password (it is in the role's .pgpass). */
  urlFor: (role: string) => string;
  /** Stops the hosts and removes the .pgpass files. */
  close: () => Promise<void>;
}

/**
 * Team "red" on `teamServer` with `roles` as members, and one browser host
 * per role, each with that role's password in a .pgpass of its own (the
 * browser host keeps no passwords).
 */
export async function startTeamHosts(teamServer: TestPostgres, roles: string[]): Promise<TeamHosts> {
  await teamServer.addTeam('red', roles);
  const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-e2e-pgpass-'));
  const pgpass = (role: string) => {
    const file = path.join(secrets, `${role}.pgpass`);
    fs.writeFileSync(file, `127.0.0.1:${teamServer.port}:postgres:${role}:${role}\n`, { mode: 0o600 });
    return file;
  };
  const hosts: BrowserHost[] = [];
  const close = async () => {
    for (const host of hosts) await stopHost(host);
    fs.rmSync(secrets, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  };
  try {
    for (const role of roles) hosts.push(await startHost({ env: { PGPASSFILE: pgpass(role) } }));
  } catch (error) {
    await close();
    throw error;
  }
  return { hosts, urlFor: (role) => `postgres://${role}@127.0.0.1:${teamServer.port}/postgres?sslmode=disable`, close };
}

export interface Responder {
  host: BrowserHost;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A responder's browser on `host` at 1024×700, in `theme` when given, once its terminal shows the prompt. */
export async function openResponder(browser: Browser, host: BrowserHost, theme?: 'light' | 'dark'): Promise<Responder> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(host.url);
  if (theme) {
    await page.evaluate((value) => localStorage.setItem('firebreak.theme', value), theme);
    await page.reload();
  }
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  return { host, context, page, errors };
}

/** Photographs the page as `name`.png after the layout checks: nothing overlaps, no header is cut. */
export async function photograph(page: Page, name: string): Promise<void> {
  await expect(async () => {
    await expectNoOverlap(page);
    await expectHeaderNotClipped(page);
  }).toPass({ timeout: 5_000 });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Opens the Team panel from the command palette (keyboard only). */
export async function openTeamPanel(page: Page, command: string): Promise<Locator> {
  await page.getByRole('heading', { level: 1, name: 'Smoke check' }).click();
  await page.keyboard.press('Control+k');
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'Team' });
  await expect(panel).toBeVisible();
  return panel;
}

/** Connects the panel's responder to team "red" at `url` under `name`, and waits for the first sync. */
export async function connect(panel: Locator, url: string, name: string): Promise<void> {
  await panel.getByRole('textbox', { name: 'PostgreSQL URL' }).fill(url);
  await panel.getByRole('textbox', { name: 'Team', exact: true }).fill('red');
  await panel.getByRole('textbox', { name: 'Your name on the shared timeline' }).fill(name);
  await panel.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(panel.getByRole('status')).toHaveText(`Connected to team "red" as ${name}.`);
  await expect(panel.getByTestId('team-state')).toHaveText('red: synced', { timeout: 20_000 });
}
