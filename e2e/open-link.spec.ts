import fs from 'node:fs';
import path from 'node:path';
import { expect, startHost, stopHost, test as base, type BrowserHost } from './browser-host-fixture';

const ROOT = path.resolve(__dirname, '..');
const shots = path.join(ROOT, 'test-results', 'screenshots');

const test = base.extend<{ bundledHost: BrowserHost }>({
  bundledHost: async ({}, use) => {
    const host = await startHost({ runbooks: path.join(ROOT, 'runbooks') });
    await use(host);
    await stopHost(host);
  },
});

test('a link opens the runbook with its values in the form: an unknown param, a bad value and a secret are errors there, and nothing runs until they are answered', async ({ page, bundledHost: host }) => {
  fs.mkdirSync(shots, { recursive: true });
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });

  // The browser host's form of firebreak://runbook/database-outage?…; the cookie from the first visit is the token.
  const query = new URLSearchParams({ runbook: 'database-outage', PGHOST: 'db-7.staging.internal', PGPORT: '54x2', PGPASSWORD: 'hunter2', PGHSOT: 'db-9', profile: 'staging' });
  await page.goto(`${host.origin}/open?${query.toString()}`);
  // The redirect leaves the link (and the secret in it) out of the address bar.
  await expect(page).toHaveURL(`${host.origin}/`);

  await expect(page.getByRole('heading', { level: 1, name: /Database outage/ })).toBeVisible();
  const params = page.getByRole('region', { name: 'Parameters' });
  await expect(params.getByLabel('Profile')).toHaveValue('staging');
  await expect(params.locator('#param-PGHOST')).toHaveValue('db-7.staging.internal');

  // 1. The unknown param: a row of its own naming it, not its value.
  const unknown = params.getByTestId('link-problem');
  await expect(unknown).toHaveCount(1);
  await expect(unknown).toContainText('?PGHSOT=… — this runbook has no parameter PGHSOT. Did you mean "PGHOST"?');
  // 2. The bad value: filled, and flagged on its field.
  const port = params.locator('#param-PGPORT');
  await expect(port).toHaveValue('54x2');
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await expect(params.locator('#param-PGPORT-error')).toHaveText('PGPORT does not match the pattern [0-9]{1,5}. The value came from the link.');
  // 3. The secret: not filled; its field says why.
  await expect(params.locator('#param-PGPASSWORD')).toHaveValue('');
  await expect(params.locator('#param-PGPASSWORD-error')).toContainText('PGPASSWORD is secret, and secrets cannot come from a link');
  await expect(params.locator('.params-error-count')).toHaveText('3 to fix before running');
  await expect(page.locator('body')).not.toContainText('hunter2');
  await expect(page.locator('body')).not.toContainText('db-9');
  await params.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'open-link-errors.png') });

  // Run waits for them, like for a typed bad value; nothing reaches the terminal.
  const first = page.locator('.step-card').first();
  await first.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('.notice.error')).toContainText('Fix the parameters before running');
  await expect(page.getByTestId('timeline').locator('[data-kind="step.started"]')).toHaveCount(0);

  // Answered: the port retyped, the secret typed by the responder, the unknown param dismissed.
  await port.fill('5432');
  await expect(params.locator('#param-PGPORT-error')).toHaveCount(0);
  await params.locator('#param-PGPASSWORD').fill('typed-by-hand');
  await expect(params.locator('#param-PGPASSWORD-error')).toHaveCount(0);
  await unknown.getByRole('button', { name: /^Dismiss/ }).click();
  await expect(params.getByTestId('link-problem')).toHaveCount(0);
  await expect(params.locator('.params-error-count')).toHaveCount(0);
});
