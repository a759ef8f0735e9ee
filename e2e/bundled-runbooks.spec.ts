import fs from 'node:fs';
import path from 'node:path';
import { expect, startHost, stopHost, test, type BrowserHost } from './browser-host-fixture';

const bundled = path.resolve(__dirname, '..', 'runbooks');
const screenshots = path.resolve(__dirname, '..', 'test-results', 'screenshots');

let host: BrowserHost;
test.beforeAll(async () => {
  host = await startHost({ runbooks: bundled });
  fs.mkdirSync(screenshots, { recursive: true });
});
test.afterAll(async () => {
  await stopHost(host);
});

test('every bundled runbook renders as a document with step cards, params and no problems', async ({ page }) => {
  await page.goto(host.url);
  const items = page.getByRole('navigation', { name: 'Runbooks' }).locator('.runbook-item');
  await expect(items).toHaveCount(5);
  for (let index = 0; index < 5; index++) {
    await items.nth(index).click();
    const title = (await items.nth(index).locator('.runbook-title').textContent())!;
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.locator('.step-card').first()).toBeVisible();
    await expect(page.getByRole('list', { name: 'Problems in this runbook' })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Parameters' })).toBeVisible();
    await page.screenshot({ path: path.join(screenshots, `runbook-${index + 1}.png`) });
  }
});

test('choosing the production profile marks it clearly and running then always asks first', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Runbooks' }).getByText('Denial of service', { exact: false }).first().click();
  await expect(page.getByTestId('production-badge')).toHaveCount(0);
  await page.getByLabel('Profile').selectOption('production');
  await expect(page.getByTestId('production-badge')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Parameters' })).toHaveClass(/production/);
  await page.locator('.step-card').first().getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Production profile');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('timeline').locator('[data-kind="step.started"]')).toHaveCount(0);
  await page.screenshot({ path: path.join(screenshots, 'production-profile.png') });
});
