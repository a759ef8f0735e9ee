import path from 'node:path';
import { expect, startHost, stopHost, test, type BrowserHost } from './browser-host-fixture';

const runbooks = path.resolve(__dirname, 'fixtures', 'engine-runbooks');
let host: BrowserHost;

test.beforeEach(async () => {
  host = await startHost({ runbooks });
});
test.afterEach(async () => {
  await stopHost(host);
});

test('a multi-step runbook: steps pass and fail with exit codes, a typed confirmation gates the destructive step, and it rolls back', async ({ page }) => {
  await page.goto(host.url);
  const terminal = page.getByTestId('terminal');
  await expect(terminal).toContainText('e2e$', { timeout: 20_000 });

  const prepare = page.locator('[data-step-id="prepare"]');
  await prepare.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(prepare.getByTestId('step-status')).toContainText('passed · exit 0');
  await expect(terminal).toContainText('prepared-staging');

  const verify = page.locator('[data-step-id="verify"]');
  await verify.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(verify.getByTestId('step-status')).toContainText('passed');

  // The destructive step asks for the environment name, typed.
  const change = page.locator('[data-step-id="change"]');
  await change.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Confirm step/ });
  await expect(dialog).toContainText('Type staging');
  const confirmButton = dialog.getByRole('button', { name: 'Run step' });
  await expect(confirmButton).toBeDisabled();
  await dialog.getByLabel('Confirmation word').fill('stagin');
  await expect(confirmButton).toBeDisabled();
  await dialog.getByLabel('Confirmation word').fill('staging');
  await confirmButton.click();
  await expect(change.getByTestId('step-status')).toContainText('exit 0');
  await expect(terminal).toContainText('change-applied');

  // Its rollback runs the undo step.
  await change.getByRole('button', { name: 'Roll back' }).click();
  await expect(terminal).toContainText('change-undone');

  const fails = page.locator('[data-step-id="fails"]');
  await fails.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(fails.getByTestId('step-status')).toContainText('failed · exit 1');

  const timeline = page.getByTestId('timeline');
  // One row per run, each showing how it ended (the confirmation is said in its run's record, not a row of its own).
  await expect(timeline.locator('[data-kind="step.started"]')).toHaveCount(5);
  await expect(timeline.locator('[data-kind="step.started"][data-tone="running"]')).toHaveCount(0);
  await expect(timeline.locator('[data-kind="step.started"][data-tone="failed"]')).toHaveCount(1);
  await page.screenshot({ path: path.join(__dirname, '..', 'test-results', 'screenshots', 'step-runs.png') });
});

test('Run all lists every command first, asks for the typed word up front, and stops at the first failure', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Run all…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run all steps' });
  const planned = dialog.getByRole('list', { name: 'Planned steps' }).locator(':scope > li');
  await expect(planned).toHaveCount(5);
  // The one step left out (undo-change), counted in the right number.
  await expect(dialog).toContainText('1 step left out');
  const run = dialog.getByRole('button', { name: /Run 5 steps/ });
  await expect(run).toBeDisabled();
  await dialog.getByLabel('Confirmation for Change the work file').fill('staging');
  await run.click();
  await expect(page.locator('[data-step-id="fails"]').getByTestId('step-status')).toContainText('failed', { timeout: 30_000 });
  await expect(page.locator('[data-step-id="after-failure"]').getByTestId('step-status')).toHaveText('not run');
  await expect(page.getByTestId('terminal')).not.toContainText('should-not-run-in-run-all');
});

test('dry run shows what would be sent and runs nothing; cancel interrupts a running step', async ({ page }) => {
  await page.goto(host.url);
  const terminal = page.getByTestId('terminal');
  await expect(terminal).toContainText('e2e$', { timeout: 20_000 });
  await page.locator('[data-step-id="prepare"]').getByRole('button', { name: 'Dry run' }).click();
  const dry = page.getByRole('dialog', { name: 'Dry run' });
  await expect(dry).toContainText('TARGET_ENV');
  await expect(dry.getByTestId('dry-run-script')).toContainText('prepared-$TARGET_ENV');
  await dry.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('timeline').locator('[data-kind="step.started"]')).toHaveCount(0);

  // A command typed by hand is logged too.
  await terminal.click();
  await page.keyboard.type('sleep 30\n');
  await expect(page.getByTestId('session-label')).toContainText('running a command');
  await page.keyboard.press('Control+c');
  await expect(page.getByTestId('timeline').locator('[data-kind="command.manual"]')).toContainText('sleep 30');
});
