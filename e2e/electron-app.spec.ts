import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(__dirname, '..');

/** The Electron binary, or why there is none (npm installs it from the network; offline installs skip it). */
function electronBinary(): { path?: string; reason?: string } {
  try {
    const binary = require('electron') as unknown as string;
    return fs.existsSync(binary) ? { path: binary } : { reason: `Electron binary missing at ${binary}` };
  } catch (error) {
    return { reason: (error as Error).message.split('\n')[0] };
  }
}

const binary = electronBinary();
if (!binary.path) {
  // Say it plainly in the run's output, not only in the report.
  process.stdout.write(
    `\nElectron spec SKIPPED: no Electron binary on this machine (${binary.reason}). The same slice runs through the browser host in walking-skeleton.spec.ts.\n`,
  );
}

test.describe('desktop app (Electron)', () => {
  test.skip(!binary.path, `no Electron binary on this machine: ${binary.reason}`);

  test('opens a secure window, runs a step and shows it on the timeline', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-electron-'));
    const app = await electron.launch({
      executablePath: binary.path,
      args: [root],
      env: { ...process.env, FIREBREAK_HOME: dataDir, SHELL: '/bin/bash' },
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://firebreak/index.html');
      const preferences = await app.evaluate(({ BrowserWindow }) => {
        // getLastWebPreferences is Electron's own record of what the window runs with; it is not in the typings.
        const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
          getLastWebPreferences(): { contextIsolation?: boolean; sandbox?: boolean; nodeIntegration?: boolean } | null;
        };
        const prefs = contents.getLastWebPreferences();
        return { contextIsolation: prefs?.contextIsolation, sandbox: prefs?.sandbox, nodeIntegration: prefs?.nodeIntegration };
      });
      expect(preferences).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      // The page sees exactly the contract bridge, and no Node.
      expect(await page.evaluate(() => Object.keys((globalThis as { firebreak?: object }).firebreak ?? {}).sort())).toEqual(['host', 'invoke', 'on']);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');

      await expect(page.getByTestId('terminal')).toContainText('$', { timeout: 20_000 });
      const firstStep = page.locator('.step-card').first();
      await firstStep.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(page.getByTestId('timeline').locator('[data-kind="step.started"]')).toHaveCount(1);
      await page.screenshot({ path: path.join(root, 'test-results', 'electron-app.png') });
    } finally {
      await app.close();
    }
  });
});
