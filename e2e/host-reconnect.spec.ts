import fs from 'node:fs';
import path from 'node:path';
import type { Page, WebSocketRoute } from '@playwright/test';
import { SOCKET_PATH } from '../shared/ipc/socket-protocol';
import { expect, test } from './browser-host-fixture';

/**
 * The page's connection to the browser host, put through Playwright so a test
 * can drop it (as a laptop's sleep or a network change does) while the host
 * runs on. While `down`, every new socket is refused; `held` channels are
 * sent by the page but never reach the host, so their calls are in flight
 * when the connection drops.
 */
async function droppableConnection(page: Page) {
  const state = { down: false, held: new Set<string>(), withheld: [] as string[] };
  const open: WebSocketRoute[] = [];
  await page.routeWebSocket(
    (url) => url.pathname === SOCKET_PATH,
    (socket) => {
      if (state.down) return void socket.close();
      const server = socket.connectToServer();
      socket.onMessage((message) => {
        const { channel } = JSON.parse(String(message)) as { channel?: string };
        if (channel && state.held.has(channel)) state.withheld.push(channel);
        else server.send(message);
      });
      open.push(socket);
    },
  );
  const banner = page.getByText('host disconnected — reconnecting');
  return {
    state,
    /** Drops the connection; resolves once the window shows it. */
    async drop() {
      state.down = true;
      for (const socket of open.splice(0)) await socket.close();
      await expect(banner).toBeVisible();
    },
    /** Lets the page reconnect; resolves once the window is connected again. */
    async restore() {
      state.down = false;
      await expect(banner).toHaveCount(0);
    },
  };
}

test.describe(() => {
  test.use({ runbookFiles: 'fixtures' });

  test('after the connection to the host drops, the library shows what changed meanwhile: a runbook edited on disk is untrusted again', async ({ page, browser, host, runbookFolder: folder }) => {
    const connection = await droppableConnection(page);
    await page.goto(host.url);
    const library = page.getByRole('navigation', { name: 'Runbooks' });
    await expect(library.locator('.runbook-item.selected')).toContainText('Smoke check');
    await expect(library.locator('.runbook-item.selected')).toContainText('trusted');

    await connection.drop();

    // Edited while the page cannot hear of it. A second window, connected, shows the host has taken the edit.
    const file = path.join(folder, 'smoke.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('title: Smoke check', 'title: Smoke check, edited'));
    const other = await browser.newPage();
    await other.goto(host.url);
    await expect(other.getByRole('navigation', { name: 'Runbooks' }).locator('.runbook-item.selected')).toContainText('Smoke check, edited');
    await other.close();

    await connection.restore();
    await expect(library.locator('.runbook-item.selected')).toContainText('Smoke check, edited');
    await expect(library.locator('.runbook-item.selected')).toContainText('changed since trusted');
    await expect(page.getByTestId('trust-notice')).toContainText('changed since you trusted it');
    await expect(page.locator('[data-step-id="say-hello"]').getByRole('button', { name: /^(Run|Rerun)$/ })).toBeDisabled();
  });
});

test('a search in flight when the connection drops is sent again once it is back and answered, with no error shown', async ({ page, host }) => {
  const connection = await droppableConnection(page);
  await page.goto(host.url);
  const library = page.getByRole('navigation', { name: 'Runbooks' });
  await expect(library.locator('.runbook-item')).toHaveCount(1);

  // The search leaves the page but never reaches the host: it is in flight when the connection drops.
  connection.state.held.add('runbooks:search');
  await page.keyboard.press('/');
  await page.keyboard.type('wc -l');
  await expect(library.getByLabel('Search runbooks')).toHaveValue('wc -l');
  await expect.poll(() => connection.state.withheld).toContain('runbooks:search');
  await connection.drop();

  connection.state.held.clear();
  await connection.restore();
  await expect(library.locator('.runbook-snippet')).toContainText('ls -1 | wc -l');
  await expect(page.locator('.notice.error')).toHaveCount(0);
});

test('a note saved while the connection is down is refused at once and never saved later; the composer keeps it to save again', async ({ page, host }) => {
  const connection = await droppableConnection(page);
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$');
  const timeline = page.getByTestId('timeline');

  await connection.drop();
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('n');
  const noteInput = page.getByLabel('Note (Markdown)');
  await noteInput.fill('Rolled back checkout to v41');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('.notice').filter({ hasText: 'the note was not saved' })).toHaveCount(1);
  await expect(noteInput).toHaveValue('Rolled back checkout to v41');

  await connection.restore();
  // Nothing arrives late: saved again, the note is in the record once.
  await noteInput.focus();
  await page.keyboard.press('Control+Enter');
  await expect(timeline.locator('[data-kind="note"]')).toHaveCount(1);
  await expect(timeline.locator('[data-kind="note"]')).toContainText('Rolled back checkout to v41');
});

test('a line typed into the terminal while the connection is down is not kept for later: the pane says so and the shell never gets it', async ({ page, host }) => {
  const connection = await droppableConnection(page);
  await page.goto(host.url);
  const terminal = page.getByTestId('terminal');
  await expect(terminal).toContainText('e2e$');

  await connection.drop();
  await expect(page.getByTestId('session-label')).toContainText('not connected · typing is not sent');
  await terminal.click();
  await page.keyboard.type('echo typed-while-down');
  await page.keyboard.press('Enter');
  await expect(page.locator('.notice').filter({ hasText: 'what you typed was not sent to the shell' })).toHaveCount(1);

  await connection.restore();
  await expect(page.getByTestId('session-label')).toHaveText('ready');
  await terminal.click();
  await page.keyboard.type('echo typed-after-$((40+2))');
  await page.keyboard.press('Enter');
  await expect(terminal).toContainText('typed-after-42');
  await expect(terminal).not.toContainText('typed-while-down');
  await expect(page.getByTestId('timeline')).not.toContainText('typed-while-down');
  // Told, not withdrawn with the connection: the responder has to type it again.
  await expect(page.locator('.notice').filter({ hasText: 'what you typed was not sent to the shell' })).toHaveCount(1);
});
