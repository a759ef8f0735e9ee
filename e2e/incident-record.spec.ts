import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './browser-host-fixture';

const SCREENSHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Puts focus on the page body (not the terminal), where the single-letter keys act. */
async function focusDocument(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Smoke check' }).click();
}

test('incident record: declare, run a step, note, star, resolve, search, export the postmortem', async ({ page, host }) => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto(host.url);
  await page.evaluate(() => localStorage.setItem('firebreak.theme', 'dark'));
  await page.reload();
  const terminal = page.getByTestId('terminal');
  await expect(terminal).toContainText('e2e$', { timeout: 20_000 });

  // Declare an incident with the keyboard: d opens the dialog.
  await focusDocument(page);
  await page.keyboard.press('d');
  const declare = page.getByRole('dialog', { name: 'Declare an incident' });
  await expect(declare).toBeVisible();
  await declare.getByLabel('Title').fill('Checkout returns 502 for EU customers');
  await declare.getByText('SEV2').click();
  await declare.getByLabel('Affected services').fill('checkout, payments');
  await declare.getByLabel('Incident commander').fill('alice');
  await declare.getByLabel('Communications lead').fill('bob');
  await declare.getByLabel('Responders').fill('carol, dan');
  await shot(page, 'declare-dark');
  await declare.getByRole('button', { name: 'Declare incident' }).click();
  await expect(declare).toBeHidden();

  const bar = page.getByTestId('active-incident');
  await expect(bar.getByTestId('incident-kind')).toHaveText('Incident');
  await expect(bar.getByTestId('incident-severity')).toHaveText('SEV2');
  await expect(bar.getByTestId('incident-status')).toHaveText('investigating');
  await expect(bar.getByTestId('incident-title')).toHaveText('Checkout returns 502 for EU customers');
  await expect(page.getByTestId('incident-clock')).toHaveAttribute('data-running', 'true');
  const timeline = page.getByTestId('timeline');
  await expect(timeline.locator('[data-kind="incident.declared"]')).toContainText('Checkout returns 502');

  // Run a step of the fixture runbook in the real terminal.
  await page.locator('[data-step-id="say-hello"]').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(terminal).toContainText('hello from bash step');
  const started = timeline.locator('[data-kind="step.started"]');
  await expect(started).toContainText('Print a greeting');
  // One row per run, updated in place when it finishes.
  await expect(started).toContainText('passed', { timeout: 20_000 });
  await expect(started).toHaveAttribute('data-tone', 'passed');
  await expect(timeline.locator('[data-kind="step.finished"]')).toHaveCount(0);

  // A Markdown note with n: rendered safely, raw HTML stays text.
  await focusDocument(page);
  await page.keyboard.press('n');
  const noteInput = page.getByLabel('Note (Markdown)');
  await expect(noteInput).toBeFocused();
  await noteInput.fill('**Rolled back** `checkout` to v41 <img src=x onerror=alert(1)>');
  await page.keyboard.press('Control+Enter');
  const note = timeline.locator('[data-kind="note"]').first();
  await expect(note.locator('strong')).toHaveText('Rolled back');
  await expect(note.locator('img')).toHaveCount(0);
  await expect(note).toContainText('<img src=x');

  // Edit the note: a new version, shown in place.
  await note.hover();
  await note.getByRole('button', { name: 'Edit note' }).click();
  const editInput = page.getByLabel('Note (Markdown)');
  await editInput.fill('**Rolled back** `checkout` to v41; errors falling');
  await page.keyboard.press('Control+Enter');
  await expect(note).toContainText('errors falling');
  await expect(note).toContainText('edited');

  // A second note with a secret in it: the export preview lists it, the export masks it.
  await focusDocument(page);
  await page.keyboard.press('n');
  await page.getByLabel('Note (Markdown)').fill('db creds were in the log: password=Zq8vLm2rTx91Kd');
  await page.keyboard.press('Control+Enter');
  await expect(timeline.locator('[data-kind="note"]')).toHaveCount(2);

  // Star the step: it shows starred once the star is committed.
  await started.hover();
  await started.getByRole('button', { name: 'Star event' }).click();
  await expect(started).toHaveClass(/starred/);
  await expect(started.getByRole('button', { name: 'Unstar event' })).toHaveAttribute('aria-pressed', 'true');

  // Jump from the step to its recorded output.
  await started.getByRole('button', { name: 'Show terminal output' }).click();
  const viewer = page.getByRole('dialog', { name: /Output: Print a greeting/ });
  await expect(viewer.getByTestId('output-viewer')).toContainText('hello from bash step');
  await shot(page, 'output-viewer-dark');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  await shot(page, 'timeline-dark');

  // Status with one key each: s then 3 (mitigated), s then 4 (resolved).
  await focusDocument(page);
  await page.keyboard.press('s');
  await expect(page.getByRole('dialog', { name: 'Set status' })).toBeVisible();
  await shot(page, 'status-menu-dark');
  await page.keyboard.press('3');
  await expect(bar.getByTestId('incident-status')).toHaveText('mitigated');
  await expect(page.getByTestId('incident-clock')).not.toContainText('TTM —');
  await focusDocument(page);
  await page.keyboard.press('s');
  await page.keyboard.press('4');
  await expect(bar.getByTestId('incident-status')).toHaveText('resolved');
  await expect(page.getByTestId('incident-clock')).toHaveAttribute('data-running', 'false');
  await expect(timeline.locator('[data-kind="status.changed"]').last()).toContainText('mitigated → resolved');
  // The clock has stopped: it reads the same a few ticks later.
  const stopped = await page.getByTestId('incident-elapsed').textContent();
  await page.waitForTimeout(2_200);
  await expect(page.getByTestId('incident-elapsed')).toHaveText(stopped ?? '');

  // Search every incident for the step's output; choosing the hit reveals its event.
  await focusDocument(page);
  await page.keyboard.press('Control+Shift+F');
  const search = page.getByRole('dialog', { name: 'Search the record' });
  await expect(search).toBeVisible();
  await search.getByLabel('Search text').fill('hello from bash');
  const results = search.getByTestId('search-results');
  const outputHit = results.locator('.search-hit', { hasText: 'output' }).first();
  await expect(outputHit.locator('mark').first()).toBeVisible();
  await shot(page, 'search-dark');
  await outputHit.click();
  await expect(search).toBeHidden();
  await expect(timeline.locator('.timeline-event.revealed')).toHaveAttribute('data-kind', 'step.started');

  // Export the Markdown postmortem as a download.
  await focusDocument(page);
  await page.keyboard.press('x');
  const exportDialog = page.getByRole('dialog', { name: 'Export' });
  await expect(exportDialog.getByTestId('mask-preview')).not.toContainText('checking');
  await expect(exportDialog.getByTestId('mask-preview')).toContainText('password');
  await shot(page, 'export-dark');
  const downloadPromise = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: /^Export Markdown postmortem/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  const markdown = fs.readFileSync(await download.path(), 'utf8');
  expect(markdown).toContain('Checkout returns 502 for EU customers');
  expect(markdown).toContain('errors falling');
  expect(markdown).toContain('Print a greeting');
  expect(markdown).not.toContain('Zq8vLm2rTx91Kd');
  await exportDialog.getByRole('button', { name: 'Back up now' }).click();
  await expect(exportDialog.getByText(/Backed up/)).toBeVisible();
  await page.keyboard.press('Escape');

  // The same screens in the light theme.
  await page.keyboard.press('Control+Shift+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await shot(page, 'timeline-light');
  await focusDocument(page);
  await page.keyboard.press('x');
  await expect(page.getByRole('dialog', { name: 'Export' }).getByTestId('mask-preview')).not.toContainText('checking');
  await shot(page, 'export-light');
  await page.keyboard.press('Escape');
  await focusDocument(page);
  await page.keyboard.press('e');
  await expect(page.getByRole('dialog', { name: 'Edit incident' })).toBeVisible();
  await shot(page, 'edit-light');
  await page.keyboard.press('Escape');

  // Drills are kept apart: start one, and the list of real incidents does not show it.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('start a drill');
  await page.keyboard.press('Enter');
  const drill = page.getByRole('dialog', { name: 'Start a drill' });
  await drill.getByLabel('Title').fill('Game day: lose the primary database');
  await shot(page, 'declare-drill-light');
  await drill.getByRole('button', { name: 'Start drill' }).click();
  await expect(bar.getByTestId('incident-kind')).toHaveText('Drill');
  await shot(page, 'drill-light');
  await focusDocument(page);
  await page.keyboard.press('i');
  const list = page.getByRole('dialog', { name: 'Incidents' });
  await list.getByRole('radio', { name: 'Real incidents' }).click();
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list.getByRole('option')).toContainText('Checkout returns 502');
  await shot(page, 'incident-list-light');
  // Switch back to the real incident with the keyboard.
  await list.getByLabel('Filter incidents').focus();
  await page.keyboard.press('Enter');
  await expect(bar.getByTestId('incident-kind')).toHaveText('Incident');
  await expect(timeline.locator('[data-kind="note"]').first()).toContainText('errors falling');

  await focusDocument(page);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await shot(page, 'shortcuts-light');
});
