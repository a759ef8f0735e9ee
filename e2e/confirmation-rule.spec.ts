import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, startHost, stopHost, test, type BrowserHost } from './browser-host-fixture';

/**
 * The three cases of issue 10 where the app and main used to disagree, run
 * from the app against the real engine: the dialog asks what main checks,
 * and the step then runs (or, when it cannot be confirmed, the dialog says
 * why and offers no Run).
 */
const runbooks = path.resolve(__dirname, 'fixtures', 'confirm-runbooks');
let host: BrowserHost;

test.beforeAll(async () => {
  host = await startHost({ runbooks });
});
test.afterAll(async () => {
  await stopHost(host);
});

async function open(page: Page, profile: string) {
  await page.goto(host.url);
  const terminal = page.getByTestId('terminal');
  await expect(terminal).toContainText('e2e$', { timeout: 20_000 });
  await page.getByLabel('Profile').selectOption(profile);
  return terminal;
}

test('a destructive confirm=true step under a production profile asks for the profile name, and runs', async ({ page }) => {
  const terminal = await open(page, 'production');
  const wipe = page.locator('[data-step-id="wipe"]');
  await wipe.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Confirm step/ });
  await expect(dialog).toContainText('Type production');
  const run = dialog.getByRole('button', { name: 'Run step' });
  await expect(run).toBeDisabled();
  await dialog.getByLabel('Confirmation word').fill('production');
  await run.click();
  await expect(wipe.getByTestId('step-status')).toContainText('passed · exit 0');
  await expect(terminal).toContainText('wiped-production');
});

test('confirm=${TARGET_ENV} (braces) asks for the value typed, and runs', async ({ page }) => {
  const terminal = await open(page, 'staging');
  const braces = page.locator('[data-step-id="braces"]');
  await braces.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Confirm step/ });
  await expect(dialog).toContainText('Type staging');
  // The dialog shows the values it uses and the exact line it types (finding 9).
  await expect(dialog.getByRole('table', { name: 'Values it uses' })).toContainText('TARGET_ENV');
  await expect(dialog.getByRole('table', { name: 'Values it uses' })).toContainText('staging');
  const sentLine = (await dialog.getByTestId('sent-line').textContent())!;
  expect(sentLine).toMatch(/^\. '.*braces\.[0-9a-f]{8}\.sh'$/);
  await dialog.getByLabel('Confirmation word').fill('staging');
  await dialog.getByRole('button', { name: 'Run step' }).click();
  await expect(braces.getByTestId('step-status')).toContainText('passed · exit 0');
  await expect(terminal).toContainText('braces-staging');
  // The shell got exactly that line, and the terminal shows the step's title and commands before their output.
  await expect(terminal).toContainText(sentLine);
  await expect(terminal).toContainText('── Restart with braces (step braces)');
  await expect(terminal).toContainText('$ echo "braces-$TARGET_ENV"');
});

test('confirm=$TARGET_ENV with TARGET_ENV empty says why it cannot run and offers no Run', async ({ page }) => {
  await open(page, '');
  await page.locator('[data-step-id="plain"]').getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Confirm step/ });
  await expect(dialog.getByRole('alert')).toContainText('TARGET_ENV has no value');
  await expect(dialog.getByRole('button', { name: 'Run step' })).toBeDisabled();
  await expect(dialog.getByLabel('Confirmation word')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('timeline').locator('[data-kind="step.started"]').filter({ hasText: 'Restart by name' })).toHaveCount(0);
});
