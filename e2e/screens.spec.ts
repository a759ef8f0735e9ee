import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { Locator, Page } from '@playwright/test';
import { expect, startHost, stopHost, test, type BrowserHost } from './browser-host-fixture';
import { declareIncident, expectHeaderNotClipped, expectNoOverlap, watchConsole } from './layout-checks';

/**
 * Every main view at 1024×700 and 1440×900, light and dark: the main panels
 * never overlap, nothing in the header is cut, and the console stays clean.
 * The pictures land in test-results/screens/ to be looked at.
 */
const SCREENS = path.join(__dirname, '..', 'test-results', 'screens');
const RUNBOOKS = path.join(__dirname, 'fixtures', 'screens-runbooks');
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;
const THEMES = ['light', 'dark'] as const;

async function setTheme(page: Page, theme: (typeof THEMES)[number]): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.keyboard.press('Control+Shift+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** Checks and photographs one view in every size and theme; `show` is scrolled into view at each size. */
async function shoot(page: Page, view: string, errors: string[], show?: Locator): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    if (show) await show.scrollIntoViewIfNeeded();
    for (const theme of THEMES) {
      await setTheme(page, theme);
      await test.step(`${view} ${size.width}×${size.height} ${theme}`, async () => {
        // The terminal refits and the header re-measures a frame or two after a resize: let them settle.
        await expect(async () => {
          await expectNoOverlap(page);
          await expectHeaderNotClipped(page);
        }).toPass({ timeout: 5_000 });
        expect(errors).toEqual([]);
      });
      await page.screenshot({ path: path.join(SCREENS, `${view}-${size.width}x${size.height}-${theme}.png`) });
    }
  }
}

/** One contract call over the browser host's socket, as the page makes them. */
async function contractCall(host: BrowserHost, channel: string, payload: unknown): Promise<unknown> {
  const token = new URL(host.url).searchParams.get('token')!;
  const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/ipc?token=${token}`, { headers: { Origin: host.origin } });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    return await new Promise((resolve, reject) => {
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { id?: number; envelope?: { ok: boolean; value?: unknown; error?: unknown } };
        if (frame.id !== 1) return;
        if (frame.envelope?.ok) resolve(frame.envelope.value);
        else reject(new Error(JSON.stringify(frame.envelope?.error)));
      });
      socket.send(JSON.stringify({ type: 'invoke', id: 1, channel, payload }));
    });
  } finally {
    socket.close();
  }
}

let host: BrowserHost;
test.beforeEach(async () => {
  fs.rmSync(SCREENS, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  fs.mkdirSync(SCREENS, { recursive: true });
  host = await startHost({ runbooks: RUNBOOKS });
});
test.afterEach(async () => {
  await stopHost(host);
});

test('every main view holds at 1024×700 and 1440×900, light and dark', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await page.setViewportSize(SIZES[0]);
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  const documentPane = page.getByRole('article', { name: /Checkout returns 502/ });
  await expect(documentPane.getByRole('heading', { level: 1 })).toBeVisible();
  await shoot(page, 'library', errors);

  await declareIncident(page, 'Checkout returns 502 for EU customers');
  await shoot(page, 'runbook', errors);

  // A step running: the drain waits long enough to be photographed, then is cancelled.
  await documentPane.getByLabel('WAIT_SECONDS').fill('60');
  await page.locator('[data-step-id="confirm-pool"]').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('[data-step-id="confirm-pool"]').getByTestId('step-status')).toContainText('passed', { timeout: 20_000 });
  const drain = page.locator('[data-step-id="drain-pool"]');
  await drain.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(drain.getByTestId('step-status')).toContainText('running', { timeout: 20_000 });
  await shoot(page, 'running-step', errors, drain);
  await drain.getByRole('button', { name: /Cancel/ }).click();
  await expect(drain.getByTestId('step-status')).toContainText('cancelled', { timeout: 20_000 });

  const check = page.locator('[data-step-id="check-errors"]');
  await check.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(check.getByTestId('step-status')).toContainText('failed', { timeout: 20_000 });
  await shoot(page, 'failed-step', errors, check);

  // Run all: its review, then its progress on the long drain step.
  await page.getByRole('button', { name: 'Run all…' }).click();
  const runAll = page.getByRole('dialog', { name: 'Run all steps' });
  await expect(runAll.getByRole('list', { name: 'Planned steps' })).toBeVisible();
  await shoot(page, 'run-all-review', errors);
  await runAll.getByRole('button', { name: /Run 5 steps/ }).click();
  await expect(page.getByTestId('run-all-position')).toContainText('step 2 of 5', { timeout: 20_000 });
  // The document follows the running step by itself: it must be on screen without any help.
  await expect(drain).toBeInViewport();
  await shoot(page, 'run-all', errors, drain);
  await page.getByRole('button', { name: 'Cancel Run all' }).click();
  await expect(page.getByTestId('run-all-progress')).toHaveCount(0, { timeout: 20_000 });
  // Run all's own message is an error toast by design; it is dismissed before the next view.
  for (const dismiss of await page.locator('.notices').getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click();

  await page.keyboard.press('Control+Shift+F');
  const search = page.getByRole('dialog', { name: /Search/ });
  await search.getByLabel('Search text').fill('drain');
  await expect(search.getByTestId('search-results').locator('li').first()).toBeVisible();
  await shoot(page, 'search', errors);
  await page.keyboard.press('Escape');
  await expect(search).toBeHidden();

  await page.getByRole('heading', { level: 1 }).first().click();
  await page.keyboard.press('x');
  const exportDialog = page.getByRole('dialog', { name: 'Export' });
  await expect(exportDialog.getByTestId('mask-preview')).not.toContainText('checking…');
  await shoot(page, 'export-dialog', errors);
  await page.keyboard.press('Escape');
  await expect(exportDialog).toBeHidden();

  // Trust review: a runbook from a folder the user added.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-screens-team-'));
  fs.writeFileSync(
    path.join(folder, 'flush-cdn.md'),
    '---\nid: flush-cdn\ntitle: Flush the CDN cache for a path\nparams:\n  CDN_PATH:\n    description: Path prefix to flush\n    default: /checkout\n---\n# Flush the CDN cache\n\n```bash { id=flush title="Flush the path" }\necho "flushing $CDN_PATH"\n```\n\n```bash { id=verify-flush title="Check the edge serves the new version" }\ncurl -sI "https://cdn.example$CDN_PATH" | head -1\n```\n',
  );
  const folders = page.getByRole('region', { name: 'Runbook folders' });
  await folders.getByRole('button', { name: 'add…' }).click();
  await folders.getByLabel('Folder path').fill(folder);
  await folders.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('navigation', { name: 'Runbooks' }).getByText('Flush the CDN cache').click();
  await page.getByRole('button', { name: 'Review and trust…' }).click();
  const review = page.getByRole('dialog', { name: 'Review runbook before trusting it' });
  await expect(review).toContainText('flushing');
  await shoot(page, 'trust-review', errors);
  await page.keyboard.press('Escape');
  await expect(review).toBeHidden();

  // A tabletop drill of the checkout runbook, started through the contract with one facilitator inject.
  await page.locator('.runbook-item', { hasText: 'Checkout returns 502' }).click();
  await contractCall(host, 'drill:start', { runbookId: 'checkout-502', injects: [{ at: 'T+0', message: 'Payments team: card declines doubled in the last 5 minutes' }] });
  await expect(page.getByTestId('drill-banner')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('drill-inject')).toBeVisible({ timeout: 20_000 });
  await shoot(page, 'drill-banner', errors);
  await page.getByTestId('end-drill').click();
  const report = page.getByTestId('drill-report');
  await expect(report).toBeVisible({ timeout: 30_000 });
  // The drill is over: its inject and "lab broken" notices are withdrawn with it.
  await expect(page.locator('.notice', { hasText: 'Facilitator inject' })).toHaveCount(0);
  await shoot(page, 'drill-report', errors);
});
