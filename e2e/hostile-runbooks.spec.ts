import path from 'node:path';
import { expect, startHost, stopHost, test, type BrowserHost } from './browser-host-fixture';

const corpus = path.resolve(__dirname, 'fixtures', 'hostile-runbooks');
let host: BrowserHost;

test.beforeAll(async () => {
  host = await startHost({ runbooks: corpus });
});
test.afterAll(async () => {
  await stopHost(host);
});

// "Nothing hangs" is the test's own deadline: a runbook that froze the page would time it out.
test('hostile runbooks render inert: no script runs, no dangerous link survives, nothing hangs', async ({ page }) => {
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const violations: string[] = [];
  await page.exposeFunction('__reportViolation', (directive: string) => violations.push(directive));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { __reportViolation(d: string): void }).__reportViolation(`${event.violatedDirective} ${event.blockedURI} ${event.sample} ${event.sourceFile}:${event.lineNumber}`),
    );
  });
  await page.goto(host.url);
  const items = page.getByRole('navigation', { name: 'Runbooks' }).locator('.runbook-item');
  await expect(items).toHaveCount(4);
  for (let index = 0; index < 4; index++) {
    await items.nth(index).click();
    await expect(page.locator('article.document')).toBeVisible();
    // Hover everything a handler could hide behind.
    await page.mouse.move(400, 300);
    await page.mouse.move(700, 500);
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      scripts: document.querySelectorAll('.markdown script, .markdown iframe, .markdown object, .markdown embed, .markdown svg, .markdown form, .markdown img[onerror]').length,
      handlers: [...document.querySelectorAll('.markdown *')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      hrefs: [...document.querySelectorAll('.markdown a[href], .markdown img[src]')].map((el) => el.getAttribute('href') ?? el.getAttribute('src')),
      bridge: typeof (window as unknown as { firebreak?: unknown }).firebreak,
    }));
    expect(state.pwned, `runbook ${index + 1}`).toBeUndefined();
    expect(state.scripts).toBe(0);
    expect(state.handlers).toBe(0);
    for (const href of state.hrefs) expect(href).toMatch(/^(https?:|mailto:|#)/i);
  }
  expect(dialogs).toEqual([]);
  expect(violations).toEqual([]);

  // The text of the hostile markup is shown as text, for the responder to see.
  await items.filter({ hasText: 'script' }).first().click();
  await expect(page.locator('.markdown')).toContainText('<script>window.__pwned');
  // The page still works afterwards.
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
});
