import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, startHost, stopHost, test as base, type BrowserHost } from './browser-host-fixture';

const ROOT = path.resolve(__dirname, '..');
const WEBHOOK = fs.readFileSync(path.join(ROOT, 'testdata', 'alerts', 'alertmanager-webhook-postgres.json'), 'utf8');
const RESOLVED = fs.readFileSync(path.join(ROOT, 'testdata', 'alerts', 'alertmanager-webhook-postgres-resolved.json'), 'utf8');

const test = base.extend<{ bundledHost: BrowserHost }>({
  bundledHost: async ({}, use) => {
    const host = await startHost({ runbooks: path.join(ROOT, 'runbooks') });
    await use(host);
    await stopHost(host);
  },
});

function firebreak(host: BrowserHost, ...args: string[]): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'bin', 'firebreak.js'), '--data-dir', host.dataDir, ...args], { encoding: 'utf8' });
}

test('from page to runbook: a pasted Alertmanager alert declares the incident, opens the database runbook filled from its labels, and a status update is sent and kept in the postmortem', async ({ page, bundledHost: host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('terminal')).toContainText('e2e$', { timeout: 20_000 });

  // Bad input first: a clear message naming the field, nothing declared.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('paste alert');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Paste alert' });
  await dialog.getByLabel('Alert payload').fill('{"version":"4","alerts":[{"status":"firing","annotations":{"summary":"x"}}]}');
  await dialog.getByRole('button', { name: 'Declare from alert' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('alerts[0].labels is missing: an alert without labels cannot be matched or named.');

  // The real payload.
  await dialog.getByLabel('Alert payload').fill(WEBHOOK);
  await dialog.getByRole('button', { name: 'Declare from alert' }).click();
  await expect(dialog.getByTestId('page-message')).toContainText('Declared SEV1 incident “PostgresqlDown: Postgresql down (instance db-1.prod.example.com:9187)”');
  const suggestions = dialog.getByRole('list', { name: 'Suggested runbooks' });
  await expect(suggestions).toContainText('why: declares alert PostgresqlDown');
  await expect(suggestions).toContainText('fills PGHOST = db-1.prod.example.com (from label instance | strip_port)');
  await suggestions.getByRole('button', { name: 'Open Database outage — PostgreSQL primary down' }).click();
  await expect(dialog).toBeHidden();

  // The runbook is open with the value filled in the form; nothing ran.
  await expect(page.getByRole('heading', { level: 1, name: /Database outage/ })).toBeVisible();
  const params = page.getByRole('region', { name: 'Parameters' });
  const toggle = params.getByRole('button', { name: /parameters$/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(params.locator('#param-PGHOST')).toHaveValue('db-1.prod.example.com');
  const timeline = page.getByTestId('timeline');
  await expect(timeline.locator('[data-kind="alert.received"]')).toContainText('PostgresqlDown on db-1.prod.example.com:9187 firing since 2026-11-30 22:14:05 UTC');
  await expect(timeline.locator('[data-kind="step.started"]')).toHaveCount(0);
  // What monitoring said, folded under the row: annotations and the rule that fired.
  const alertRow = timeline.locator('[data-kind="alert.received"]').first();
  await alertRow.getByText('alert details').click();
  await expect(alertRow.locator('.alert-details')).toContainText('generatorURL');
  await expect(alertRow.locator('.alert-details')).toContainText('http://prometheus.example.com:9090/graph?g0.expr=pg_up+%3D%3D+0');
  await expect(alertRow.locator('.alert-details')).toContainText('runbook_url');
  fs.mkdirSync(path.join(ROOT, 'test-results', 'screenshots'), { recursive: true });
  await timeline.screenshot({ path: path.join(ROOT, 'test-results', 'screenshots', 'alert-details.png') });
  await expect(page.getByTestId('active-incident')).toContainText('PostgresqlDown');

  // The countdown (SEV1: every 15 min) opens the composer; the update is recorded as sent.
  const countdown = page.getByTestId('comms-countdown');
  await expect(countdown).toContainText(/Next update \d\d:\d\d/);
  await countdown.click();
  const composer = page.getByRole('dialog', { name: 'Status update' });
  await expect(composer.getByLabel('Impact')).toHaveValue('SEV1 affecting postgres.');
  await expect(composer.getByLabel('What we are doing')).toHaveValue('Following the runbook “Database outage — PostgreSQL primary down”.');
  await composer.getByLabel('Sent to').fill('#inc-postgres');
  await composer.getByRole('button', { name: 'Record as sent' }).click();
  await expect(composer).toBeHidden();
  await expect(timeline.locator('[data-kind="comms.update"]')).toContainText('Update sent: Status update to #inc-postgres: What is happening: PostgresqlDown: Postgresql down');

  // The alert resolves: pasted again, it joins the incident and offers its endsAt as the mitigation time.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('paste alert');
  await page.keyboard.press('Enter');
  const again = page.getByRole('dialog', { name: 'Paste alert' });
  await again.getByLabel('Alert payload').fill(RESOLVED);
  await again.getByRole('button', { name: 'Declare from alert' }).click();
  await expect(again.getByTestId('page-message')).toContainText('Joined open incident “PostgresqlDown');
  await again.getByRole('button', { name: 'Set as the mitigation time' }).click();
  await expect(again.getByRole('button', { name: 'Set as the mitigation time' })).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(timeline.locator('[data-kind="alert.received"]').last()).toContainText('PostgresqlDown on db-1.prod.example.com:9187 resolved at 2026-11-30 22:41:35 UTC');

  // The postmortem has the alert as detection and the update.
  const incidents = JSON.parse(firebreak(host, 'incidents', '--json')) as Array<{ id: string; title: string }>;
  const incident = incidents.find((candidate) => candidate.title.startsWith('PostgresqlDown'))!;
  const markdown = firebreak(host, 'export', incident.id, '--format', 'md');
  expect(markdown).toContain('| Detected | 2026-11-30 22:14:05 UTC |');
  expect(markdown).toContain('| Mitigated | 2026-11-30 22:41:35 UTC |');
  expect(markdown).toContain('**Alert** — ⚠ PostgresqlDown on db-1.prod.example.com:9187 firing since 2026-11-30 22:14:05 UTC');
  // The postmortem's Markdown escapes the channel's "#".
  expect(markdown).toContain('**Update sent** — Status update to \\#inc-postgres: What is happening: PostgresqlDown');
});

test('firebreak page - reads amtool JSON from stdin; a 2 MiB payload and a bad link exit 1 with the reason', ({}, testInfo) => {
  const dataDir = testInfo.outputPath('data');
  const run = (args: string[], input: string) => {
    try {
      return { code: 0, stdout: execFileSync(process.execPath, [path.join(ROOT, 'bin', 'firebreak.js'), '--data-dir', dataDir, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }), stderr: '' };
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const amtool = fs.readFileSync(path.join(ROOT, 'testdata', 'alerts', 'amtool-crashloop.json'), 'utf8');
  const paged = run(['page', '-', '--json'], amtool);
  expect(paged.code).toBe(0);
  const result = JSON.parse(paged.stdout) as { action: string; suggestions: Array<{ runbookId: string; reasons: string[]; params: Record<string, string> }> };
  expect(result.action).toBe('declared');
  expect(result.suggestions[0]).toEqual(expect.objectContaining({ runbookId: 'crash-and-rollback', reasons: ['declares alert KubePodCrashLooping'], params: { KUBE_NAMESPACE: 'checkout', SERVICE_NAME: 'checkout' } }));
  const huge = run(['page', '-'], `{"labels":{"alertname":"X"},"annotations":{"d":"${'a'.repeat(2 * 1024 * 1024)}"}}`);
  expect(huge.code).toBe(1);
  expect(huge.stderr).toContain('over 1048576 bytes (1 MiB)');
  const link = run(['open', '--print', 'firebreak://runbook/nope?X=1'], '');
  expect(link.code).toBe(1);
  expect(link.stderr).toBe('firebreak: There is no runbook "nope" in the library.\n');
});
