import fs from 'node:fs';
import { connect, openResponder, openTeamPanel, photograph, SHOTS, startTeamHosts, test, type Responder } from './team-panel-steps';
import { expect } from './browser-host-fixture';

/**
 * The app's last pieces of issue 14, through the browser host and a real
 * PostgreSQL: declaring an incident already shared, the full-output toggle
 * in the Team panel, and an invite link (/open?join=CODE, the host's form of
 * firebreak://join/CODE) opening the panel with the code filled, joined
 * only when the responder presses Join. Pictures land in test-results/team/.
 */

test('declare shared, share full output from the Team panel, and an invite link opens the panel with the code filled (joined only on Join)', async ({ browser, teamServer }) => {
  test.setTimeout(180_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const { hosts, urlFor, close } = await startTeamHosts(teamServer, ['ana', 'ben']);
  const responders: Responder[] = [];
  try {
    const ana = await openResponder(browser, hosts[0]!);
    const ben = await openResponder(browser, hosts[1]!);
    responders.push(ana, ben);

    // Not connected: the Declare dialog's shared box is off and says why.
    await ana.page.getByTestId('declare-incident').click();
    let declare = ana.page.getByRole('dialog', { name: 'Declare an incident' });
    await expect(declare.getByRole('checkbox', { name: /Shared with the team/ })).toBeDisabled();
    await expect(declare).toContainText('Connect to a team first (Team panel) to share it.');
    await ana.page.keyboard.press('Escape');
    await expect(declare).toBeHidden();

    let panel = await openTeamPanel(ana.page, 'team: connect');
    await connect(panel, urlFor('ana'), 'Ana (IC)');
    await ana.page.keyboard.press('Escape');
    await expect(panel).toBeHidden();

    // Connected: declare it shared, by keyboard; the Team panel opens on its invite.
    await ana.page.getByTestId('declare-incident').click();
    declare = ana.page.getByRole('dialog', { name: 'Declare an incident' });
    await declare.getByLabel('Title').fill('Payments API returns 503');
    await declare.getByText('SEV1', { exact: true }).click();
    const sharedBox = declare.getByRole('checkbox', { name: /Shared with the team/ });
    await expect(sharedBox).toBeEnabled();
    await sharedBox.focus();
    await ana.page.keyboard.press('Space');
    await expect(sharedBox).toBeChecked();
    await photograph(ana.page, 'declare-shared');
    await declare.getByRole('button', { name: 'Declare incident' }).click();
    await expect(declare).toBeHidden();
    await expect(ana.page.getByTestId('incident-title')).toHaveText('Payments API returns 503');
    panel = ana.page.getByRole('dialog', { name: 'Team' });
    await expect(panel).toBeVisible();
    const code = panel.getByTestId('invite-code');
    await expect(code).toHaveValue(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const inviteCode = await code.inputValue();

    // Full output: off by default with the 5 MiB cap shown; turned on by keyboard, and read back on reopening.
    const outputBox = panel.getByRole('checkbox', { name: /Share full terminal output \(up to 5 MiB per run\)/ });
    await expect(outputBox).not.toBeChecked();
    await expect(panel).toContainText("Off: only each run's head and tail go to the team");
    await outputBox.focus();
    await ana.page.keyboard.press('Space');
    await expect(outputBox).toBeChecked();
    await expect(panel).toContainText("Each run's whole output goes to the team, redacted, cut at 5 MiB.");
    await photograph(ana.page, 'team-output-sharing');
    await ana.page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    panel = await openTeamPanel(ana.page, 'team: share');
    await expect(panel.getByRole('checkbox', { name: /Share full terminal output/ })).toBeChecked();
    await ana.page.keyboard.press('Escape');

    // Ben opens the invite link, typed loosely (lower case, no dash): the panel opens with the code filled, nothing joined.
    await ben.page.goto(`${hosts[1]!.origin}/open?join=${inviteCode.toLowerCase().replace('-', '')}`);
    await expect(ben.page).toHaveURL(`${hosts[1]!.origin}/`);
    panel = ben.page.getByRole('dialog', { name: 'Team' });
    await expect(panel).toBeVisible({ timeout: 20_000 });
    const join = panel.getByRole('textbox', { name: 'Invite code or link' });
    await expect(join).toHaveValue(inviteCode);
    await expect(panel.getByTestId('join-prefilled')).toHaveText('From an invite link: connect to the team (below) first, then press Join.');
    await expect(ben.page.getByTestId('incident-title')).not.toHaveText('Payments API returns 503');
    await connect(panel, urlFor('ben'), 'Ben (DB)');
    await expect(join).toHaveValue(inviteCode);
    await expect(panel.getByTestId('join-prefilled')).toHaveText('From an invite link: press Join to join this incident.');
    await photograph(ben.page, 'join-prefilled');
    await panel.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Joined "Payments API returns 503"' })).toBeVisible({ timeout: 20_000 });
    await expect(ben.page.getByTestId('incident-title')).toHaveText('Payments API returns 503');
    await ben.page.keyboard.press('Escape');

    // The app's search also asks the team server: the team's incident is found by its words, and choosing it opens Join with its invite.
    await ben.page.getByRole('heading', { level: 1, name: 'Smoke check' }).click();
    await ben.page.keyboard.press('Control+Shift+F');
    const search = ben.page.getByRole('dialog', { name: 'Search the record' });
    await search.getByLabel('Search text').fill('payments');
    const teamHit = search.getByTestId('team-search').getByRole('button', { name: /Payments API returns 503/ });
    await expect(teamHit).toBeVisible({ timeout: 20_000 });
    await expect(teamHit).toContainText('by ana');
    await photograph(ben.page, 'team-search');
    await teamHit.click();
    await expect(search).toBeHidden();
    panel = ben.page.getByRole('dialog', { name: 'Team' });
    await expect(panel.getByRole('textbox', { name: 'Invite code or link' })).toHaveValue(inviteCode);
    await ben.page.keyboard.press('Escape');

    // A malformed code is refused by the host with the reason; nothing opens.
    const bad = await ben.page.request.get(`${hosts[1]!.origin}/open?join=nope`, { maxRedirects: 0 });
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain('is not an invite');

    for (const responder of responders) expect(responder.errors).toEqual([]);
  } finally {
    for (const responder of responders) await responder.context.close();
    await close();
  }
});
