import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type RunbookFiles } from './browser-host-fixture';

test('a runbook from an added folder runs only after its commands are reviewed and trusted, and an edit asks again', async ({ page, host }) => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-user-runbooks-'));
  const file = path.join(folder, 'team.md');
  // What the shell is given besides the code (the cwd, each param's default and profile values) is part of the review.
  fs.writeFileSync(
    file,
    '---\nid: team-check\ntitle: Team check\nparams:\n  TEAM_DIR:\n    default: /tmp\nprofiles:\n  staging:\n    values: { TEAM_DIR: /var/tmp }\n---\n# Team check\n\n```bash { id=team-step cwd=$TEAM_DIR }\necho "team-step-ran"\n```\n',
  );

  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });
  const folders = page.getByRole('region', { name: 'Runbook folders' });
  await folders.getByRole('button', { name: 'add…' }).click();
  await folders.getByLabel('Folder path').fill(folder);
  await folders.getByRole('button', { name: 'Add' }).click();

  const library = page.getByRole('navigation', { name: 'Runbooks' });
  await library.getByText('Team check').click();
  await expect(library.locator('.runbook-item.selected')).toContainText('not trusted');
  await expect(page.getByTestId('trust-notice')).toBeVisible();
  // "Run" until it has run, "Rerun" after.
  const run = page.locator('[data-step-id="team-step"]').getByRole('button', { name: /^(Run|Rerun)$/ });
  await expect(run).toBeDisabled();

  await page.getByRole('button', { name: 'Review and trust…' }).click();
  const review = page.getByRole('dialog', { name: 'Review runbook before trusting it' });
  await expect(review).toContainText('echo "team-step-ran"');
  await expect(review).toContainText('runs in $TEAM_DIR');
  const environment = review.getByRole('region', { name: 'Environment it sets' });
  await expect(environment).toContainText('TEAM_DIR');
  await expect(environment).toContainText('default /tmp');
  await expect(environment).toContainText('staging: /var/tmp');
  // One command: "this command", never "these 1 commands".
  await review.getByRole('button', { name: 'Trust this command' }).click();
  await expect(page.getByTestId('trust-notice')).toHaveCount(0);
  await expect(run).toBeEnabled();
  await run.click();
  await expect(page.getByTestId('terminal')).toContainText('team-step-ran');
  // (The fixture folder itself was trusted by the test setup, through `firebreak trust`.)
  await expect(page.getByTestId('timeline').locator('[data-kind="runbook.trusted"]').filter({ hasText: 'Team check' })).toHaveCount(1);

  // An edit on disk reloads the runbook by itself and withdraws trust until reviewed again.
  fs.appendFileSync(file, '\n```bash { id=added-later }\necho added\n```\n');
  await expect(page.locator('[data-step-id="added-later"]')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('trust-notice')).toContainText('changed since you trusted it');
  await expect(run).toBeDisabled();
});

test('search finds runbooks by their text and shows the matching line', async ({ page, host }) => {
  await page.goto(host.url);
  const library = page.getByRole('navigation', { name: 'Runbooks' });
  // As a responder would: press / once the library is on screen (a key pressed before the page has its handlers
  // goes nowhere), and check each step, so a failure says which one went wrong.
  await expect(library.locator('.runbook-item')).toHaveCount(1);
  await page.keyboard.press('/');
  await expect(library.getByLabel('Search runbooks')).toBeFocused();
  await page.keyboard.type('wc -l');
  await expect(library.getByLabel('Search runbooks')).toHaveValue('wc -l');
  await expect(library.locator('.runbook-snippet')).toContainText('ls -1 | wc -l');
  await page.keyboard.type(' nothing-matches-this');
  await expect(library).toContainText('No runbook matches');
});

// Both runbooks have a step "restart"; only the first asks before it runs.
const stepIdInTwoRunbooks: RunbookFiles = {
  'a-primary.md': '---\nid: a-primary\ntitle: A primary\n---\n# A primary\n\n```bash { id=restart confirm=true }\necho "a-restart-ran"\n```\n',
  'b-replica.md': '---\nid: b-replica\ntitle: B replica\n---\n# B replica\n\n```bash { id=restart }\necho "b-restart-ran"\n```\n',
};
test.describe(() => {
  test.use({ runbookFiles: stepIdInTwoRunbooks });

  test('a runbook removed while its step waits for confirmation takes the dialog with it: nothing runs from the runbook opened next', async ({ page, host, runbookFolder: folder }) => {
    await page.goto(host.url);
    const terminal = page.getByTestId('terminal');
    await expect(terminal).toContainText('e2e$');
    const library = page.getByRole('navigation', { name: 'Runbooks' });
    await library.getByText('A primary').click();
    await page.locator('[data-step-id="restart"]').getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /Confirm step/ });
    await expect(dialog).toBeVisible();

    fs.rmSync(path.join(folder, 'a-primary.md'));
    await expect(page.locator('.notice').filter({ hasText: 'The open runbook was removed from the library.' })).toHaveCount(1);
    await expect(library.locator('.runbook-item.selected')).toContainText('B replica');
    await expect(dialog).toBeHidden();
    await expect(page.locator('[data-step-id="restart"]').getByTestId('step-status')).toContainText('not run');
    await expect(terminal).not.toContainText('restart-ran');
  });
});

test.describe(() => {
  test.use({ runbookFiles: 'fixtures' });

  test('Run all runs only the text it showed: a runbook edited while Run all is open is refused, and nothing runs', async ({ page, host, runbookFolder: folder }) => {
    await page.goto(host.url);
    const terminal = page.getByTestId('terminal');
    await expect(terminal).toContainText('e2e$');
    await page.getByRole('button', { name: 'Run all…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run all steps' });
    const run = dialog.getByRole('button', { name: /Run 2 steps/ });
    await expect(run).toBeEnabled();

    fs.appendFileSync(path.join(folder, 'smoke.md'), '\n```bash { id=added-later }\necho "added-later-ran"\n```\n');
    await expect(page.locator('[data-step-id="added-later"]')).toBeAttached({ timeout: 15_000 });
    await run.click();
    await expect(page.locator('.notice').filter({ hasText: 'The runbook changed while Run all was open, so nothing was run.' })).toHaveCount(1);
    await expect(dialog).toBeHidden();
    await expect(page.locator('[data-step-id="say-hello"]').getByTestId('step-status')).toHaveText('not run');
    await expect(terminal).not.toContainText('hello from');
  });
});
