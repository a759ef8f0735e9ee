import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, startHost, stopHost, test, type BrowserHost } from './browser-host-fixture';
import { declareIncident, expectNoOverlap, watchConsole } from './layout-checks';

/**
 * Under each step card, its latest run's output in this incident: verdict,
 * exit code, duration and the last lines, expandable to all of it.
 */
const runbooks = path.resolve(__dirname, 'fixtures', 'output-runbooks');
const SCREENS = path.join(__dirname, '..', 'test-results', 'screens');
let host: BrowserHost;

test.beforeEach(async () => {
  host = await startHost({ runbooks });
});
test.afterEach(async () => {
  await stopHost(host);
});

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.keyboard.press('Control+Shift+L');
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** axe-core's serious and critical findings inside the output blocks (contrast of the chip and the muted words, the scrolling region). */
async function outputViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('.step-output').analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** The output block sits inside the document pane: nothing of it reaches under the terminal or the timeline. */
async function expectOutputInsideDocument(page: Page): Promise<void> {
  const escapes = await page.evaluate(() => {
    const pane = document.querySelector('.document')!.getBoundingClientRect();
    return [...document.querySelectorAll('.step-output, .step-output *')]
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.left < pane.left - 0.5 || box.right > pane.right + 0.5))
      .map(({ element, box }) => `${element.className || element.tagName} spans ${box.left}–${box.right}, pane ${pane.left}–${pane.right}`);
  });
  expect(escapes).toEqual([]);
}

test('a failed run shows its last lines and exit 1 under the card, expands, and a passing rerun shows only its own output', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  await page.getByRole('navigation', { name: 'Runbooks' }).getByText('Queue backlog check').click();
  const card = page.locator('[data-step-id="check-backlog"]');
  await expect(card.getByTestId('step-output')).toHaveCount(0);

  await card.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(card.getByTestId('step-status')).toContainText('failed · exit 1', { timeout: 20_000 });
  const output = card.getByTestId('step-output');
  await expect(output.getByTestId('step-output-verdict')).toHaveText('✗ failed');
  await expect(output.getByTestId('step-output-exit')).toHaveText('exit 1');
  // The last five lines, plain: colours gone, the progress bar at its final frame, Firebreak's step header not among them.
  const text = output.getByTestId('step-output-text');
  await expect(text).toHaveText(['consumer 7: lagging', 'consumer 8: lagging', 'scanning 100%', 'backlog: 48211 messages', 'error: consumers stuck on partition 7'].join('\n'));
  await expect(output).toContainText('last 5 of 11 lines');
  await expect(output).toContainText(/\d+ ms|\d\.\d s/);

  await expectNoOverlap(page);
  await expectOutputInsideDocument(page);
  await output.scrollIntoViewIfNeeded();
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    expect(await outputViolations(page), theme).toEqual([]);
    await page.screenshot({ path: path.join(SCREENS, `step-output-failed-1024x700-${theme}.png`) });
  }

  // Expanding, by keyboard: every line, in a region that scrolls and takes focus.
  const showAll = output.getByRole('button', { name: 'Show all output' });
  await showAll.focus();
  await page.keyboard.press('Enter');
  await expect(output.getByRole('button', { name: 'Show last lines' })).toHaveAttribute('aria-expanded', 'true');
  await expect(text).toContainText('consumer 1: lagging');
  await expect(text).toContainText('error: consumers stuck on partition 7');
  await expect(output).toContainText('all 11 lines');
  await expect(text).toHaveAttribute('tabindex', '0');
  expect(await outputViolations(page)).toEqual([]);
  await expectNoOverlap(page);
  await expectOutputInsideDocument(page);
  await page.screenshot({ path: path.join(SCREENS, 'step-output-expanded-1024x700-dark.png') });
  await output.getByRole('button', { name: 'Show last lines' }).click();
  await expect(text).not.toContainText('consumer 1: lagging');

  // The rerun passes: its own lines only, nothing of the failed run.
  await card.getByRole('button', { name: 'Rerun' }).click();
  await expect(card.getByTestId('step-status')).toContainText('passed · exit 0', { timeout: 20_000 });
  await expect(output.getByTestId('step-output-verdict')).toHaveText('✓ passed');
  await expect(output.getByTestId('step-output-exit')).toHaveText('exit 0');
  await expect(text).toHaveText('backlog: 0 messages\nqueue healthy');
  await expect(output).toContainText('2 lines');
  await expect(output.getByRole('button', { name: 'Show all output' })).toHaveCount(0);
  await setTheme(page, 'light');
  await output.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENS, 'step-output-passed-1024x700-light.png') });

  // Another incident: the card shows that incident's runs only, and it has none.
  await declareIncident(page, 'Queue backlog on partition 7');
  await expect(card.getByTestId('step-status')).toHaveText('not run');
  await expect(card.getByTestId('step-output')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a running step shows as running, with its output so far, and settles when it finishes', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  await page.getByRole('navigation', { name: 'Runbooks' }).getByText('Queue backlog check').click();
  const card = page.locator('[data-step-id="slow-drain"]');
  await card.getByRole('button', { name: 'Run', exact: true }).click();
  const output = card.getByTestId('step-output');
  await expect(output.getByTestId('step-output-verdict')).toHaveText('▶ running', { timeout: 20_000 });
  await expect(output.getByTestId('step-output-text')).toHaveText('draining partition 7', { timeout: 10_000 });
  await expect(output.getByTestId('step-output-verdict')).toHaveText('✓ passed', { timeout: 20_000 });
  await expect(output.getByTestId('step-output-text')).toHaveText('draining partition 7\ndrained');
});

test('long output: the tail is its last lines; all of it is bounded, scrolls, starts at its end and scrolls by keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  await page.getByRole('navigation', { name: 'Runbooks' }).getByText('Queue backlog check').click();
  const card = page.locator('[data-step-id="offsets"]');
  await card.getByRole('button', { name: 'Run', exact: true }).click();
  const output = card.getByTestId('step-output');
  await expect(output.getByTestId('step-output-verdict')).toHaveText('✓ passed', { timeout: 20_000 });
  const text = output.getByTestId('step-output-text');
  await expect(text).toHaveText(['offset row 196', 'offset row 197', 'offset row 198', 'offset row 199', 'offset row 200'].join('\n'));
  await expect(output).toContainText('last 5 of 200 lines');
  await output.getByRole('button', { name: 'Show all output' }).click();
  await expect(text).toContainText('offset row 1\n');
  const box = await text.evaluate((element) => ({ scrollTop: element.scrollTop, scrollHeight: element.scrollHeight, clientHeight: element.clientHeight }));
  expect(box.clientHeight).toBeLessThanOrEqual(320);
  expect(box.scrollHeight).toBeGreaterThan(box.clientHeight);
  // It opens at the end, where a step's verdict usually is.
  expect(box.scrollTop + box.clientHeight).toBeGreaterThanOrEqual(box.scrollHeight - 2);
  await expect(text).toBeInViewport();
  await text.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => text.evaluate((element) => element.scrollTop)).toBe(0);
  await expectNoOverlap(page);
  await expectOutputInsideDocument(page);
  await page.screenshot({ path: path.join(SCREENS, 'step-output-long-1024x700-dark.png') });
});
