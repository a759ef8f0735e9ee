import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './browser-host-fixture';

/** axe-core's serious and critical findings on what the page shows now, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  // The terminal's rows are drawn from whatever the programs print (their colours, dim text): not the app's own UI.
  const results = await new AxeBuilder({ page }).exclude('.xterm-rows').analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('the main views have no serious or critical accessibility violations (axe-core), light and dark', async ({ page, host }) => {
  // axe reads the whole page six times.
  test.setTimeout(150_000);
  for (const theme of ['light', 'dark'] as const) {
    await page.goto(host.url);
    await page.evaluate((value) => localStorage.setItem('firebreak.theme', value), theme);
    await page.reload();
    await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
    expect(await seriousViolations(page), `library and runbook, ${theme}`).toEqual([]);

    // The second pass finds the step already run once: its button reads Rerun.
    await page.locator('[data-step-id="say-hello"]').getByRole('button', { name: /^(Run|Rerun)$/ }).click();
    await expect(page.getByTestId('timeline').locator('[data-kind="step.started"]').last()).toHaveAttribute('data-tone', 'passed', { timeout: 20_000 });
    expect(await seriousViolations(page), `after a run, ${theme}`).toEqual([]);

    await page.getByRole('heading', { level: 1, name: 'Smoke check' }).click();
    await page.keyboard.press('x');
    await expect(page.getByRole('dialog', { name: 'Export' })).toBeVisible();
    expect(await seriousViolations(page), `export dialog, ${theme}`).toEqual([]);
    await page.keyboard.press('Escape');
  }
});
