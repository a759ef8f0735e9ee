import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, startHost, stopHost, test } from './browser-host-fixture';
import { declareIncident, expectHeaderNotClipped, expectNoOverlap, watchConsole } from './layout-checks';

/** Issue 12: what the screen shows, at any window size, with the keyboard. One finding per test. */

const BUNDLED = path.resolve(__dirname, '..', 'runbooks');
const ENGINE = path.resolve(__dirname, 'fixtures', 'engine-runbooks');
const SCREENS = path.resolve(__dirname, 'fixtures', 'screens-runbooks');

test('at 1024×700 the panels do not overlap and the header elides the least important items, never the incident title', async ({ page, host }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  await declareIncident(page, 'Checkout API returns 502 for EU customers');
  await page.locator('[data-step-id="say-hello"]').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('activity')).toContainText('last sent', { timeout: 15_000 });
  await expectNoOverlap(page);
  await expectHeaderNotClipped(page);
  // The title is whole; what gave way is the session id and the like.
  const title = page.getByTestId('incident-title');
  expect(await title.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  await expect(page.locator('.activity-session')).toBeHidden();

  // The note composer's buttons keep one line inside the timeline.
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('n');
  const addNote = page.getByRole('button', { name: 'Add note' });
  for (const size of [{ width: 1024, height: 700 }, { width: 1440, height: 900 }]) {
    await page.setViewportSize(size);
    const fits = await addNote.evaluate((button) => {
      const box = button.getBoundingClientRect();
      const pane = button.closest('.timeline')!.getBoundingClientRect();
      return { oneLine: box.height <= 30, notCut: button.scrollWidth <= button.clientWidth, inside: box.right <= pane.right && box.left >= pane.left };
    });
    expect(fits).toEqual({ oneLine: true, notCut: true, inside: true });
  }
  await page.keyboard.press('Escape');

  // A wide window shows everything again.
  await page.setViewportSize({ width: 2560, height: 1440 });
  await expect(page.locator('.activity-session')).toBeVisible();
  await expectNoOverlap(page);
  await expectHeaderNotClipped(page);
});

test('folder paths elide in the middle and keep the slash where it belongs', async ({ page, host }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(host.url);
  const folder = page.getByRole('region', { name: 'Runbook folders' }).locator('.folder').first();
  await expect(folder).toBeVisible();
  const shown = await folder.evaluate((item) => {
    const pathElement = item.firstElementChild as HTMLElement;
    return { direction: getComputedStyle(pathElement).direction, text: pathElement.textContent ?? '', tail: item.querySelector('.folder-path-tail')?.textContent };
  });
  expect(shown.direction).toBe('ltr');
  expect(shown.text.startsWith('/')).toBe(true);
  expect(shown.tail).toBe('runbooks');
  const tail = folder.locator('.folder-path-tail');
  expect(await tail.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
});

test('splitters resize the panes, by mouse and by keyboard, and the sizes are remembered', async ({ page, host }) => {
  await page.goto(host.url);
  const timeline = page.getByRole('complementary', { name: 'Timeline' });
  await expect(timeline).toBeVisible();
  const before = (await timeline.boundingBox())!.width;
  const splitter = page.getByTestId('splitter-timeline');
  const grip = (await splitter.boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + 200);
  await page.mouse.down();
  await page.mouse.move(grip.x + grip.width / 2 - 80, grip.y + 200, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => Math.round((await timeline.boundingBox())!.width)).toBe(Math.round(before + 80));

  const terminal = page.getByRole('region', { name: 'Terminal' });
  const terminalBefore = (await terminal.boundingBox())!.height;
  await page.getByTestId('splitter-terminal').focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => Math.round((await terminal.boundingBox())!.height)).toBe(Math.round(terminalBefore + 16));

  // Remembered through the settings contract: a fresh page gets the same layout.
  await page.reload();
  await expect.poll(async () => Math.round((await timeline.boundingBox())!.width)).toBe(Math.round(before + 80));
  await expect.poll(async () => Math.round((await terminal.boundingBox())!.height)).toBe(Math.round(terminalBefore + 16));
});

test('info toasts expire, errors stay until dismissed, and the timeline count matches its rows', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  // An error: a folder that does not exist.
  const folders = page.getByRole('region', { name: 'Runbook folders' });
  await folders.getByRole('button', { name: 'add…' }).click();
  await folders.getByLabel('Folder path').fill('/no/such/folder/for/e2e');
  await folders.getByRole('button', { name: 'Add', exact: true }).click();
  const notices = page.locator('.notices');
  const error = notices.locator('.notice.error');
  await expect(error).toBeVisible();
  // An info notice: cancel with nothing running.
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('Control+Shift+X');
  const info = notices.locator('.notice.info', { hasText: 'Nothing is running' });
  await expect(info).toBeVisible();
  await expect(info).toBeHidden({ timeout: 15_000 });
  await expect(error).toBeVisible();
  await error.getByRole('button', { name: 'Dismiss' }).click();
  await expect(error).toBeHidden();

  const rows = page.getByTestId('timeline').locator(':scope > li');
  const count = page.getByTestId('timeline-count');
  const shown = await rows.count();
  await expect(count).toHaveText(`${shown} ${shown === 1 ? 'event' : 'events'}`);
  await page.getByRole('radio', { name: 'Notes' }).click();
  await expect(count).toHaveText('0 shown');
});

test('keys: / then Enter leaves the search box so j/k move; Escape and 1–4 work in Export wherever focus is; labels say Ctrl on Linux', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.locator('[data-step-id="say-hello"]')).toBeVisible();
  await expect(page.getByTestId('palette-button')).toHaveText('Ctrl+K');
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search runbooks')).toBeFocused();
  await page.keyboard.type('smoke');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Search runbooks')).not.toBeFocused();
  await page.keyboard.press('j');
  await expect(page.locator('[data-step-id="count"]')).toHaveClass(/focused/);
  await expect(page.getByLabel('Search runbooks')).toHaveValue('smoke');

  await page.keyboard.press('x');
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toBeVisible();
  // Focus leaves the dialog (as after a click on the page behind it, or a blur).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('3');
  await expect(dialog.getByRole('radio', { name: /HTML/ })).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('opening a runbook lands on its title, profile and params, with each param described inline', async ({ page }) => {
  const host = await startHost({ runbooks: ENGINE });
  try {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.goto(host.url);
    const documentPane = page.getByRole('article', { name: 'Runbook Multi-step check' });
    await expect(documentPane.getByRole('heading', { level: 1 })).toBeInViewport();
    await expect(documentPane.getByLabel('Profile')).toBeInViewport();
    await expect(documentPane.getByText('Environment the steps act on')).toBeVisible();
    await expect(documentPane.getByText('Text the steps print')).toBeVisible();
    expect(await documentPane.evaluate((element) => element.scrollTop)).toBe(0);
  } finally {
    await stopHost(host);
  }
});

test('Run all follows the running step and says which step of how many, and for how long', async ({ page }) => {
  const host = await startHost({ runbooks: SCREENS });
  try {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.goto(host.url);
    await page.locator('.runbook-item', { hasText: 'Checkout returns 502' }).click();
    await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
    await page.getByRole('button', { name: 'Run all…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run all steps' });
    await dialog.getByRole('button', { name: /Run 5 steps/ }).click();
    // The drain step waits a few seconds: meanwhile the document shows it, and says where Run all is.
    const drain = page.locator('[data-step-id="drain-pool"]');
    await expect(page.getByTestId('run-all-position')).toContainText(/^step 2 of 5 · \d+s$/, { timeout: 20_000 });
    await expect(drain).toHaveClass(/focused/);
    await expect(drain).toBeInViewport();
    await expect(page.locator('[data-step-id="check-errors"]').getByTestId('step-status')).toContainText('failed', { timeout: 30_000 });
    await expect(page.locator('[data-step-id="check-errors"]')).toBeInViewport();
    await expect(page.getByTestId('run-all-progress')).toHaveCount(0);
  } finally {
    await stopHost(host);
  }
});

test('first launch explains itself: Declare incident, Start a drill, Open a runbook; practice runs no clock', async ({ page }) => {
  const host = await startHost({ runbooks: BUNDLED });
  try {
    await page.goto(host.url);
    const welcome = page.getByTestId('welcome');
    await expect(welcome).toBeVisible();
    await expect(welcome.getByRole('button', { name: 'Declare incident' })).toBeVisible();
    await expect(welcome.getByRole('button', { name: /Start a drill/ })).toBeEnabled();
    await expect(welcome.getByRole('button', { name: /Open a runbook/ })).toBeVisible();
    await expect(page.getByTestId('incident-kind')).toHaveText('Practice');
    await expect(page.getByTestId('incident-clock')).toHaveCount(0);
    await expect(page.getByTestId('declare-incident')).toBeVisible();
    await welcome.getByRole('button', { name: /Open a runbook/ }).click();
    await expect(page.getByLabel('Search runbooks')).toBeFocused();
  } finally {
    await stopHost(host);
  }
});

test('Start drill asks first while a real incident is open, and says what happens to it', async ({ page }) => {
  const host = await startHost({ runbooks: BUNDLED });
  try {
    await page.goto(host.url);
    await declareIncident(page, 'Payments down in EU');
    await page.locator('.runbook-item', { hasText: 'Application crash' }).click();
    await page.getByTestId('start-drill').click();
    const confirm = page.getByRole('dialog', { name: 'Start a drill during an incident?' });
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText('Payments down in EU');
    await expect(confirm).toContainText('stays open');
    await confirm.getByRole('button', { name: 'Stay on the incident' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByTestId('incident-kind')).toHaveText('Incident');
    await expect(page.getByTestId('drill-banner')).toHaveCount(0);
  } finally {
    await stopHost(host);
  }
});

test('a page load has no console error (the favicon is served)', async ({ page, host }) => {
  const errors = watchConsole(page);
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? null);
  expect(icon).not.toBeNull();
  const response = await page.request.get(icon!);
  expect(response.status()).toBe(200);
  expect(errors).toEqual([]);
});

/** Tabs through the page (forward or backward) and lists what took focus and whether its focus is visible. */
async function tabThrough(page: Page, key: 'Tab' | 'Shift+Tab', presses: number): Promise<Array<{ name: string; ring: boolean }>> {
  const seen: Array<{ name: string; ring: boolean }> = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press(key);
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      if (element.closest('.terminal-host')) return { name: 'terminal', ring: true };
      const style = getComputedStyle(element);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      const name = element.getAttribute('aria-label') || element.getAttribute('data-testid') || element.textContent?.trim().slice(0, 40) || element.tagName;
      return { name, ring };
    });
    if (!focused) continue;
    seen.push(focused);
    // The shell keeps Tab for completion: the way on from there is Ctrl+K, n, i, and the rest.
    if (focused.name === 'terminal') break;
  }
  return seen;
}

test('the main views are reachable by keyboard and show where focus is', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  const forward = await tabThrough(page, 'Tab', 60);
  const names = forward.map((item) => item.name);
  for (const expected of ['palette-button', 'Search runbooks', 'Resize the runbook list', 'Run all…', 'Resize the terminal', 'terminal']) {
    expect(names.some((name) => name.startsWith(expected)), `${expected} in ${names.join(' | ')}`).toBe(true);
  }
  expect(names.some((name) => name.startsWith('Smoke check'))).toBe(true);
  expect(names.filter((name) => name === 'Run').length).toBeGreaterThan(0);
  // From the top, backwards: the timeline and its splitter.
  await page.getByTestId('palette-button').focus();
  const backward = await tabThrough(page, 'Shift+Tab', 15);
  const backNames = backward.map((item) => item.name);
  for (const expected of ['+ Note', 'All', 'Resize the timeline']) {
    expect(backNames.some((name) => name.startsWith(expected)), `${expected} in ${backNames.join(' | ')}`).toBe(true);
  }
  expect([...forward, ...backward].filter((item) => !item.ring)).toEqual([]);
});
