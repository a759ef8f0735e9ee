import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, startHost, stopHost, test as base, type BrowserHost } from './browser-host-fixture';

const ROOT = path.resolve(__dirname, '..');
const RUNBOOKS = path.join(ROOT, 'e2e', 'fixtures', 'record-runbooks');

const test = base.extend<{ recordHost: BrowserHost }>({
  recordHost: async ({}, use) => {
    const host = await startHost({ runbooks: RUNBOOKS });
    await use(host);
    await stopHost(host);
  },
});

/** `firebreak` against the host's data folder, as an SRE would after the incident. */
function firebreak(host: BrowserHost, ...args: string[]): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'bin', 'firebreak.js'), '--data-dir', host.dataDir, ...args], { encoding: 'utf8' });
}

async function focusDocument(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Probe the checkout service' }).click();
}

async function typeInTerminal(page: Page, line: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test('the record of a worked incident exports as it happened: each run its own output, typed commands with their text, a drill kept apart', async ({ page, recordHost: host }) => {
  await page.goto(host.url);
  const terminal = page.getByTestId('terminal');
  await expect(terminal).toContainText('e2e$', { timeout: 20_000 });

  await focusDocument(page);
  await page.keyboard.press('d');
  const declare = page.getByRole('dialog', { name: 'Declare an incident' });
  await declare.getByLabel('Title').fill('Checkout 502s in eu-west');
  await declare.getByText('SEV2').click();
  await declare.getByLabel('Incident commander').fill('alice');
  await declare.getByRole('button', { name: 'Declare incident' }).click();
  await expect(declare).toBeHidden();
  const bar = page.getByTestId('active-incident');
  await expect(bar.getByTestId('incident-kind')).toHaveText('Incident');

  // The step fails, then passes: two rows, each with its own verdict.
  const card = page.locator('[data-step-id="probe"]');
  const timeline = page.getByTestId('timeline');
  const runs = timeline.locator('[data-kind="step.started"]');
  await card.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(terminal).toContainText('RUN-MARK-1');
  await expect(runs.first()).toHaveAttribute('data-tone', 'failed', { timeout: 20_000 });
  await card.getByRole('button', { name: /^Rerun|^Run$/ }).click();
  await expect(terminal).toContainText('RUN-MARK-2');
  await expect(runs).toHaveCount(2);
  await expect(runs.nth(1)).toHaveAttribute('data-tone', 'passed', { timeout: 20_000 });
  await expect(runs.first()).toContainText('FAILED');

  // Typed commands, and a note.
  await typeInTerminal(page, 'echo typed-one');
  await typeInTerminal(page, 'false');
  const typed = timeline.locator('[data-kind="command.manual"]');
  await expect(typed).toHaveCount(2, { timeout: 20_000 });
  await expect(typed.last()).toHaveAttribute('data-tone', 'failed');
  await focusDocument(page);
  await page.keyboard.press('n');
  await page.getByLabel('Note (Markdown)').fill('Rolled back checkout to v41');
  await page.keyboard.press('Control+Enter');
  await expect(timeline.locator('[data-kind="note"]')).toContainText('Rolled back');

  // A drill in the middle: its own shell, its own step cards, nothing of it in the incident.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('start a drill');
  await page.keyboard.press('Enter');
  const drill = page.getByRole('dialog', { name: 'Start a drill' });
  await drill.getByLabel('Title').fill('Game day: checkout');
  await drill.getByRole('button', { name: 'Start drill' }).click();
  await expect(bar.getByTestId('incident-kind')).toHaveText('Drill');
  await expect(card).not.toContainText('passed');
  await typeInTerminal(page, 'echo drill-only');
  await expect(timeline.locator('[data-kind="command.manual"]')).toHaveCount(1, { timeout: 20_000 });
  await focusDocument(page);
  await page.keyboard.press('i');
  const list = page.getByRole('dialog', { name: 'Incidents' });
  await list.getByRole('radio', { name: 'Real incidents' }).click();
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list.getByRole('option')).toContainText('Checkout 502s in eu-west');
  await list.getByLabel('Filter incidents').focus();
  await page.keyboard.press('Enter');
  await expect(bar.getByTestId('incident-kind')).toHaveText('Incident');
  await expect(timeline.locator('[data-kind="command.manual"]')).toHaveCount(2);

  // The postmortem's action items and lessons are written in the app, and export as written.
  await focusDocument(page);
  await page.keyboard.press('e');
  const edit = page.getByRole('dialog', { name: 'Edit incident' });
  await edit.getByRole('button', { name: '+ Action item' }).click();
  await edit.getByLabel('Action item 1', { exact: true }).fill('Alert on 502s per region');
  await edit.getByLabel('Type of action item 1').selectOption('process');
  await edit.getByLabel('Priority of action item 1').selectOption('P1');
  await edit.getByLabel('Owner of action item 1').fill('alice');
  await edit.getByLabel('Tracking link of action item 1').fill('OPS-1422');
  await edit.getByLabel('What went well').fill('The probe runbook told failure from success at once');
  await page.keyboard.press('Control+Enter');
  await expect(edit).toBeHidden();

  const shots = path.join(ROOT, 'test-results', 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'record-timeline.png') });
  // The README shows this worked incident: a failed then passing run, typed commands, a note.
  await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot.png') });

  const incidents = JSON.parse(firebreak(host, 'incidents', '--json')) as Array<{ id: string; title: string }>;
  const incident = incidents.find((candidate) => candidate.title === 'Checkout 502s in eu-west')!;
  expect(incident).toBeDefined();

  const markdown = firebreak(host, 'export', incident.id, '--format', 'md');
  const commandsSection = markdown.slice(markdown.indexOf('### Commands and output'));
  const runSections = commandsSection.split('\n#### ').slice(1);
  // The code names both marks; what each run printed follows "Output (last lines):".
  const outputOf = (section: string) => section.slice(section.indexOf('Output (last lines):'));
  const failed = outputOf(runSections.find((section) => section.includes('FAILED'))!);
  const passed = outputOf(runSections.find((section) => /Probe the service.*passed/.test(section.split('\n')[0]!))!);
  expect(failed).toContain('RUN-MARK-1 checkout-staging answered 502');
  expect(failed).not.toContain('RUN-MARK-2');
  expect(passed).toContain('RUN-MARK-2 checkout-staging healthy');
  expect(passed).not.toContain('RUN-MARK-1');
  expect(markdown).toContain('`echo typed-one`');
  expect(markdown).toContain('Rolled back checkout to v41');
  expect(markdown).toContain('| TARGET | `checkout-staging` | staging |');
  expect(markdown).toMatch(/### What went wrong[\s\S]*“Probe the service” failed \(expected exit code 0; exit code was 1\)/);
  expect(markdown).toMatch(/\*\*Step\*\* — ✗ “Probe the service” — FAILED · expected exit code 0; exit code was 1 · [\d.]+ m?s \(staging profile\)/);
  expect(markdown).toContain('Probe the checkout service (probe), content SHA-256');
  expect(markdown).toContain('| Alert on 502s per region | process | P1 | alice | OPS-1422 |');
  expect(markdown).toMatch(/### What went well\n\n- The probe runbook told failure from success at once\n/);
  expect(markdown).not.toContain('TODO: what will stop this happening again');
  expect(markdown).not.toContain('drill-only');
  expect(markdown).not.toMatch(/param\.set|step\.finished|command\.manual|moment\.set|\[DRILL\]/);

  const html = firebreak(host, 'export', incident.id, '--format', 'html');
  expect(html).toContain('if [ -e &#34;$HOME/.probe-ran&#34; ]; then\n  echo');
  expect(html).toContain('<code>echo typed-one</code>');
  expect(html).toContain('Rolled back checkout to v41');
  expect(html).not.toContain('drill-only');
  // The page as a reader sees it, inert (its CSP allows no script).
  const reader = await page.context().newPage();
  await reader.setContent(html);
  await reader.screenshot({ path: path.join(shots, 'record-postmortem-html.png'), fullPage: true });
  await reader.close();

  const json = JSON.parse(firebreak(host, 'export', incident.id, '--format', 'json')) as { version: number; events: Array<{ kind: string; data: Record<string, unknown> }> };
  expect(json.version).toBe(2);
  expect(json.events.filter((event) => event.kind === 'command.manual').map((event) => event.data.commandLine)).toEqual(['echo typed-one', 'false']);
  expect(json.events.filter((event) => event.kind === 'step.finished').map((event) => event.data.status)).toEqual(['failed', 'passed']);

  const out = path.join(host.dataDir, 'casts');
  firebreak(host, 'export', incident.id, '--format', 'cast', '--out', `${out}/`);
  const casts = fs.readdirSync(out);
  expect(casts.length).toBeGreaterThan(0);
  for (const name of casts) {
    expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-checkout-502s-in-eu-west-terminal-\d+-bash\.cast$/);
    const cast = fs.readFileSync(path.join(out, name), 'utf8');
    const header = JSON.parse(cast.split('\n')[0]!) as { width: number; height: number; env: { SHELL: string } };
    expect(header.env.SHELL).toBe('/bin/bash');
    expect(header.width).toBeGreaterThan(0);
    expect(cast).not.toMatch(/\\u001b\]633;|\\u001b\]133;/);
  }
});

test('a resolved incident asks before another step records into it: reopen and run', async ({ page, recordHost: host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  await focusDocument(page);
  await page.keyboard.press('d');
  const declare = page.getByRole('dialog', { name: 'Declare an incident' });
  await declare.getByLabel('Title').fill('Checkout 502s, second wave');
  await declare.getByRole('button', { name: 'Declare incident' }).click();
  const bar = page.getByTestId('active-incident');
  await focusDocument(page);
  await page.keyboard.press('s');
  await page.keyboard.press('4');
  await expect(bar.getByTestId('incident-status')).toHaveText('resolved');

  await page.locator('[data-step-id="probe"]').getByRole('button', { name: 'Run', exact: true }).click();
  const ask = page.getByRole('dialog', { name: 'Incident is resolved' });
  await expect(ask).toContainText('“Checkout 502s, second wave” is resolved');
  // Nothing ran while it asked.
  await expect(page.getByTestId('timeline').locator('[data-kind="step.started"]')).toHaveCount(0);
  await ask.getByRole('button', { name: 'Reopen and run' }).click();
  await expect(bar.getByTestId('incident-status')).toHaveText('investigating');
  await expect(page.getByTestId('timeline').locator('[data-kind="step.started"]')).toHaveCount(1, { timeout: 20_000 });
});
