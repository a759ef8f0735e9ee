import fs from 'node:fs';
import path from 'node:path';
import { expect, startHost, stopHost, test, type BrowserHost } from './browser-host-fixture';

const bundled = path.resolve(__dirname, '..', 'runbooks');
const shots = path.join(__dirname, '..', 'test-results', 'screenshots');
let host: BrowserHost;

test.beforeEach(async () => {
  fs.mkdirSync(shots, { recursive: true });
  host = await startHost({ runbooks: bundled });
});
test.afterEach(async () => {
  await stopHost(host);
});

test('crash-and-rollback drill: start it, see the lab broken, run the fixing step, see it healthy and scored', async ({ page }) => {
  // Starting a real lab and a release crash loop takes a while on a shared machine.
  test.setTimeout(180_000);
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });

  await page.locator('.runbook-item', { hasText: 'Application crash' }).click();
  const start = page.getByTestId('start-drill');
  await expect(start).toBeVisible();
  await start.click();

  const banner = page.getByTestId('drill-banner');
  await expect(banner).toBeVisible({ timeout: 90_000 });
  await expect(banner).toContainText('DRILL');
  await expect(page.getByTestId('drill-clock')).toContainText('T+');
  await expect(page.getByTestId('drill-health')).toContainText('Lab broken', { timeout: 20_000 });
  await page.screenshot({ path: path.join(shots, 'drill-broken.png') });

  // The fixing step, run from its card with the drill profile; the environment name is typed to confirm it.
  const rollBack = page.locator('[data-step-id="roll-back"]');
  await rollBack.scrollIntoViewIfNeeded();
  await rollBack.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Confirm step/ });
  await dialog.getByLabel('Confirmation word').fill('drill');
  await dialog.getByRole('button', { name: 'Run step' }).click();
  await expect(rollBack.getByTestId('step-status')).toContainText('passed', { timeout: 60_000 });
  await expect(page.getByTestId('drill-health')).toContainText('Lab healthy', { timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, 'drill-healthy.png') });
  // The drill's own events (lab started, T+0, lab healthy again) are on its timeline.
  const timeline = page.getByTestId('timeline');
  await expect(timeline.locator('[data-kind="drill.fault"]')).toContainText('T+0: fault injected');
  await expect(timeline.locator('[data-kind="drill.lab"]').last()).toContainText('Lab healthy again');

  await page.getByTestId('end-drill').click();
  const report = page.getByTestId('drill-report');
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('drill-verdict')).toContainText('Lab healthy again after');
  await expect(report).toContainText('Lab recovered');
  await expect(report.locator('svg.drill-chart')).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'drill-report.png') });
});
