import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, test } from './browser-host-fixture';

test('open a runbook, run a step in the real terminal, and see the event come back from SQLite', async ({ page, host }) => {
  await page.goto(host.url);
  // The token is in an HttpOnly cookie now; the page works without it in the URL.
  await expect(page.getByRole('navigation', { name: 'Runbooks' }).getByText('Smoke check')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Smoke check' })).toBeVisible();

  const terminal = page.getByTestId('terminal');
  await expect(terminal).toContainText('e2e$', { timeout: 20_000 });

  const step = page.locator('[data-step-id="say-hello"]');
  await expect(step).toContainText('Print a greeting');
  // The sample-output fence is prose, not a step.
  await expect(page.locator('.step-card')).toHaveCount(2);

  await step.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(terminal).toContainText('hello from bash step');

  const timeline = page.getByTestId('timeline');
  await expect(timeline.locator('[data-kind="step.started"]')).toContainText('Print a greeting — passed');
  await expect(step.getByTestId('step-status')).toContainText('passed · exit 0');

  // The event is in the SQLite file, committed.
  const db = new Database(path.join(host.dataDir, 'firebreak.sqlite3'), { readonly: true });
  try {
    const rows = db.prepare("SELECT kind, json_extract(data, '$.stepId') AS stepId, json_extract(data, '$.command') AS command FROM events").all();
    expect(rows).toContainEqual({ kind: 'step.started', stepId: 'say-hello', command: 'echo "hello from $(basename "$SHELL") step"' });
  } finally {
    db.close();
  }

  // A manual checklist item is ticked and logged like any other action.
  // The box shows ticked only once the event is committed and comes back.
  const checkbox = page.getByRole('checkbox', { name: 'Tell the channel you are running the smoke check' });
  await checkbox.click();
  await expect(timeline.locator('[data-kind="checklist.ticked"]')).toContainText('Ticked “Tell the channel');
  await expect(checkbox).toBeChecked();

  await page.screenshot({ path: path.join(__dirname, '..', 'test-results', 'screenshots', 'walking-skeleton.png') });
});

test('the timeline is read back from SQLite after a reload, and the shell keeps its state', async ({ page, host }) => {
  await page.goto(host.url);
  const terminal = page.getByTestId('terminal');
  await expect(terminal).toContainText('e2e$', { timeout: 20_000 });
  await terminal.click();
  await page.keyboard.type('export FIREBREAK_E2E=kept\n');
  await page.locator('[data-step-id="say-hello"]').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('timeline').locator('[data-kind="step.started"]')).toHaveCount(1);

  await page.reload();
  await expect(page.getByTestId('timeline').locator('[data-kind="step.started"]')).toHaveCount(1);
  // Same session after reload: the replay shows earlier output and the exported variable is still set.
  await expect(page.getByTestId('terminal')).toContainText('hello from bash step');
  await page.getByTestId('terminal').click();
  await page.keyboard.type('echo "value=$FIREBREAK_E2E"\n');
  await expect(page.getByTestId('terminal')).toContainText('value=kept');
});

test('keyboard: j/k move between steps, Ctrl+Enter runs the focused one, Ctrl+K opens the palette', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('j');
  await expect(page.locator('[data-step-id="count"]')).toHaveClass(/focused/);
  await page.keyboard.press('k');
  await expect(page.locator('[data-step-id="say-hello"]')).toHaveClass(/focused/);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('terminal')).toContainText('hello from bash step');
  // The count step is written in Runme's JSON attribute syntax ("name", string booleans): it opens and runs as it is.
  await page.keyboard.press('j');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-step-id="count"]').getByTestId('step-status')).toContainText('passed · exit 0');
  await page.keyboard.press('k');

  // In the terminal, Ctrl+Enter belongs to the shell: it must not send the focused step.
  const startedBefore = await page.getByTestId('timeline').locator('[data-kind="step.started"]').count();
  await page.getByTestId('terminal').click();
  await page.keyboard.press('Control+Enter');
  await page.waitForTimeout(500);
  await expect(page.getByTestId('timeline').locator('[data-kind="step.started"]')).toHaveCount(startedBefore);
  await page.getByRole('heading', { level: 1 }).click();

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await page.keyboard.type('theme');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('data-theme', /light|dark/);
});
