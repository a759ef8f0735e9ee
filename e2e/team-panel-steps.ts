import type { Locator, Page } from '@playwright/test';
import { expect } from './browser-host-fixture';

/** Steps on the Team panel shared by the team specs. */

/** Opens the Team panel from the command palette (keyboard only). */
export async function openTeamPanel(page: Page, command: string): Promise<Locator> {
  await page.getByRole('heading', { level: 1, name: 'Smoke check' }).click();
  await page.keyboard.press('Control+k');
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'Team' });
  await expect(panel).toBeVisible();
  return panel;
}

/** Connects the panel's responder to team "red" at `url` under `name`, and waits for the first sync. */
export async function connect(panel: Locator, url: string, name: string): Promise<void> {
  await panel.getByRole('textbox', { name: 'PostgreSQL URL' }).fill(url);
  await panel.getByRole('textbox', { name: 'Team', exact: true }).fill('red');
  await panel.getByRole('textbox', { name: 'Your name on the shared timeline' }).fill(name);
  await panel.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(panel.getByRole('status')).toHaveText(`Connected to team "red" as ${name}.`);
  await expect(panel.getByTestId('team-state')).toHaveText('red: synced', { timeout: 20_000 });
}
