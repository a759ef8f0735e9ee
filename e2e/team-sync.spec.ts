import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { connect, openResponder, openTeamPanel, photograph, SHOTS, startTeamHosts, test, type Responder } from './team-panel-steps';
import { expect } from './browser-host-fixture';
import { declareIncident } from './layout-checks';

/**
 * Two responders on one shared incident, through the app only: a real
 * PostgreSQL (the one the team integration tests start: initdb, loopback,
 * SCRAM passwords), two `firebreak serve` hosts with their own data folders,
 * each responder's password in their own .pgpass (the browser host keeps no
 * passwords). Pictures land in test-results/team/ to be looked at.
 */

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.keyboard.press('Control+Shift+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** Photographs the page in both themes (ending in `theme`), after the layout checks. */
async function shoot(page: Page, name: string, end: 'light' | 'dark'): Promise<void> {
  const other = end === 'light' ? 'dark' : 'light';
  for (const theme of [other, end] as const) {
    await setTheme(page, theme);
    await photograph(page, `${name}-${theme}`);
  }
}

async function addNote(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Smoke check' }).click();
  await page.keyboard.press('n');
  const input = page.getByLabel('Note (Markdown)');
  await expect(input).toBeFocused();
  await input.fill(text);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('timeline').locator('[data-kind="note"]', { hasText: text })).toBeVisible();
}

test('two responders share one incident through the Team panel: connect, share, join by link, each other\'s work with its author, offline and back', async ({ browser, teamServer }) => {
  test.setTimeout(240_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const { hosts, urlFor, close } = await startTeamHosts(teamServer, ['ana', 'ben']);
  const responders: Responder[] = [];
  try {
    const ana = await openResponder(browser, hosts[0]!, 'dark');
    const ben = await openResponder(browser, hosts[1]!, 'light');
    responders.push(ana, ben);

    // Ana connects from the palette. The browser host asks for no password: it says where it goes instead.
    let panel = await openTeamPanel(ana.page, 'team: connect');
    await expect(panel.getByTestId('team-state')).toHaveText('not connected: incidents stay on this machine');
    await expect(panel.getByTestId('team-password-note')).toContainText('~/.pgpass');
    await expect(panel.getByRole('textbox', { name: 'PostgreSQL URL' })).toBeFocused();
    // A URL with a password in it is refused, and nothing is stored.
    await panel.getByRole('textbox', { name: 'PostgreSQL URL' }).fill(teamServer.url('ana'));
    await panel.getByRole('textbox', { name: 'Team', exact: true }).fill('red');
    await panel.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(panel.getByRole('alert')).toContainText('The URL holds a password');
    await connect(panel, urlFor('ana'), 'Ana (IC)');
    await expect(panel.getByTestId('team-lag')).toContainText('0 events to pull');
    await ana.page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(ana.page.getByTestId('sync-indicator')).toContainText('red: synced');

    // Ana declares the incident, then shares it from the Team panel: the code and link to pass on.
    await declareIncident(ana.page, 'Payments API returns 503', 'SEV1');
    panel = await openTeamPanel(ana.page, 'team: share');
    await expect(panel.getByRole('heading', { name: /This incident/ })).toContainText('Payments API returns 503');
    const share = panel.getByRole('button', { name: 'Share with the team' });
    await expect(share).toBeFocused();
    await ana.page.keyboard.press('Enter');
    const code = panel.getByTestId('invite-code');
    await expect(code).toHaveValue(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const inviteCode = await code.inputValue();
    await expect(panel.getByTestId('invite-link')).toHaveValue(`firebreak://join/${inviteCode}`);
    await expect(panel.getByRole('button', { name: 'Copy invite code' })).toBeVisible();
    await shoot(ana.page, 'ana-shared', 'dark');
    await ana.page.keyboard.press('Escape');

    // Ben connects and joins by the link; the incident becomes his active one.
    panel = await openTeamPanel(ben.page, 'team: connect');
    await connect(panel, urlFor('ben'), 'Ben (DB)');
    const invite = panel.getByRole('textbox', { name: 'Invite code or link' });
    await invite.fill('ZZZZZ-ZZZZZ');
    await panel.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(panel.getByRole('alert')).toContainText('No incident of your teams has the invite code ZZZZZ-ZZZZZ');
    await invite.fill(`firebreak://join/${inviteCode}`);
    await invite.press('Enter');
    await expect(panel.getByRole('status').filter({ hasText: 'Joined "Payments API returns 503"' })).toContainText('It is the active incident');
    await expect(ben.page.getByTestId('incident-title')).toHaveText('Payments API returns 503');
    await expect(ben.page.getByTestId('incident-severity')).toHaveText('SEV1');
    await shoot(ben.page, 'ben-joined', 'light');
    await ben.page.keyboard.press('Escape');
    await expect(panel).toBeHidden();

    // Ana runs a step and adds a note; Ben's timeline shows both, by Ana.
    await ana.page.locator('[data-step-id="say-hello"]').getByRole('button', { name: 'Run', exact: true }).click();
    await expect(ana.page.getByTestId('terminal')).toContainText('hello from bash step');
    await expect(ana.page.getByTestId('timeline').locator('[data-kind="step.started"]')).toContainText('passed', { timeout: 20_000 });
    await addNote(ana.page, 'Rolled back payments-api to v41');
    const benTimeline = ben.page.getByTestId('timeline');
    const note = benTimeline.locator('[data-kind="note"]', { hasText: 'Rolled back payments-api to v41' });
    await expect(note).toBeVisible({ timeout: 20_000 });
    await expect(note.locator('.event-author')).toHaveText('— Ana (IC)');
    const step = benTimeline.locator('[data-kind="step.started"]', { hasText: 'Print a greeting' });
    await expect(step).toContainText('passed', { timeout: 20_000 });
    await expect(step.locator('.event-author')).toHaveText('— Ana (IC)');
    await expect(benTimeline.locator('[data-kind="incident.declared"] .event-author')).toHaveText('— Ana (IC)');
    await expect(ben.page.getByTestId('sync-indicator')).toContainText('red: synced');
    await expect(ana.page.getByTestId('sync-indicator')).toContainText('red: synced');
    // Who is on the incident: both, as the server saw them.
    await expect(ben.page.getByTestId('sync-indicator')).toContainText(/on it: Ana \(IC\), Ben \(DB\)/, { timeout: 30_000 });
    await shoot(ben.page, 'ben-timeline', 'light');

    // PostgreSQL goes away: Ana goes on recording, the indicator says since when and what waits.
    await teamServer.crash();
    const indicator = ana.page.getByTestId('sync-indicator');
    await expect(indicator).toContainText(/red: offline since \d\d:\d\d UTC/, { timeout: 30_000 });
    await addNote(ana.page, 'Noted while the team database was down');
    await expect(indicator).toContainText('(1 pending)');
    await shoot(ana.page, 'ana-offline', 'dark');

    // It comes back: Ana catches up by herself and Ben gets the note.
    await teamServer.start();
    await expect(indicator).toContainText('red: synced', { timeout: 30_000 });
    await expect(benTimeline.locator('[data-kind="note"]', { hasText: 'Noted while the team database was down' })).toBeVisible({ timeout: 30_000 });
    panel = await openTeamPanel(ana.page, 'team: connect');
    await expect(panel.getByTestId('team-state')).toHaveText('red: synced');
    await expect(panel.getByTestId('team-lag')).toContainText('0 events to pull');
    await ana.page.keyboard.press('Escape');

    for (const responder of responders) expect(responder.errors).toEqual([]);
  } finally {
    for (const responder of responders) await responder.context.close();
    await close();
  }
});
