import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IncidentStore } from '../../store/incident-store';
import { databasePathIn } from '../../platform/app-paths';
import { EventStore } from '../../store/event-store';
import { openDatabase } from '../../store/open-database';
import { buildProgram } from '../program';

const ALERTS = path.join(__dirname, '../../../testdata/alerts');
let root: string;
let dataDir: string;
let stdout: string;
let stderr: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-cli-page-'));
  dataDir = path.join(root, 'data');
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  process.exitCode = undefined;
});

async function firebreak(...args: string[]): Promise<number> {
  stdout = '';
  stderr = '';
  process.exitCode = undefined;
  await buildProgram((program) => program.exitOverride()).parseAsync(['--data-dir', dataDir, ...args], { from: 'user' });
  return Number(process.exitCode ?? 0);
}

function readRecord(incidentId: string) {
  const events = new EventStore(openDatabase(databasePathIn(dataDir)), 'test');
  try {
    return { incident: new IncidentStore(events).require(incidentId), events: events.list(incidentId) };
  } finally {
    events.close();
  }
}

describe('firebreak page', () => {
  it('declares an incident from an Alertmanager webhook, suggests the runbook with reasons and filled params', async () => {
    expect(await firebreak('page', path.join(ALERTS, 'alertmanager-webhook-postgres.json'), '--json')).toBe(0);
    const result = JSON.parse(stdout) as { action: string; incidentId: string; suggestions: Array<{ runbookId: string; match: string; reasons: string[]; params: Record<string, string> }> };
    expect(result.action).toBe('declared');
    expect(result.suggestions[0]).toMatchObject({ runbookId: 'database-outage', match: 'alert-name', reasons: ['declares alert PostgresqlDown'], params: { PGHOST: 'db-1.prod.example.com' } });
    const { incident, events } = readRecord(result.incidentId);
    expect(incident).toMatchObject({ title: 'PostgresqlDown: Postgresql down (instance db-1.prod.example.com:9187)', severity: 'SEV1', services: ['postgres'], status: 'investigating' });
    expect(incident.keyMoments.detected).toBe('2026-11-30T22:14:05.123Z');
    expect(incident.keyMoments.started).toBe('2026-11-30T22:14:05.123Z');
    const alert = events.find((event) => event.kind === 'alert.received');
    expect(alert?.data).toMatchObject({ alertname: 'PostgresqlDown', status: 'firing', fingerprint: 'b7a3f6a8d2c1e004', declared: true, source: 'alertmanager-webhook' });
    expect((alert?.data as { generatorURL: string }).generatorURL).toContain('pg_up');
    // Nothing ran.
    expect(events.filter((event) => event.kind.startsWith('step.'))).toEqual([]);
    // The postmortem's Detection section is prefilled from the alert, and the alert is on its timeline.
    expect(await firebreak('export', result.incidentId, '--format', 'md')).toBe(0);
    expect(stdout).toContain('Alert PostgresqlDown firing since 2026-11-30 22:14:05 UTC (rule: http://prometheus.example.com:9090/graph');
    expect(stdout).toContain('**Alert** — ⚠ PostgresqlDown on db-1.prod.example.com:9187 firing since 2026-11-30 22:14:05 UTC');
  });

  it('joins the open incident when the same alert resolves, and suggests the mitigation time', async () => {
    await firebreak('page', path.join(ALERTS, 'alertmanager-webhook-postgres.json'), '--json');
    const first = (JSON.parse(stdout) as { incidentId: string }).incidentId;
    expect(await firebreak('page', path.join(ALERTS, 'alertmanager-webhook-postgres-resolved.json'))).toBe(0);
    expect(stdout).toContain(`Joined open incident “PostgresqlDown: Postgresql down (instance db-1.prod.example.com:9187)” (${first}): alert PostgresqlDown resolved.`);
    expect(stdout).toContain('The alert resolved at 2026-11-30T22:41:35.500Z: if the impact ended then, set that as the mitigation time.');
    const kinds = readRecord(first).events.filter((event) => event.kind === 'alert.received').map((event) => (event.data as { status: string }).status);
    expect(kinds).toEqual(['firing', 'resolved']);
  });

  it('reads amtool JSON from stdin-like files and a plain alert, and applies the severity mapping option', async () => {
    expect(await firebreak('page', path.join(ALERTS, 'amtool-crashloop.json'), '--severity-map', 'warning=SEV2', '--json')).toBe(0);
    const crash = JSON.parse(stdout) as { incident: { severity: string }; suggestions: Array<{ runbookId: string; params: Record<string, string> }> };
    expect(crash.incident.severity).toBe('SEV2');
    expect(crash.suggestions[0]).toMatchObject({ runbookId: 'crash-and-rollback', params: { KUBE_NAMESPACE: 'checkout', SERVICE_NAME: 'checkout' } });
    expect(await firebreak('page', path.join(ALERTS, 'plain-intrusion.json'))).toBe(0);
    expect(stdout).toContain('Declared SEV1 incident “SshLoginFromUnknownAddress: SSH login for deploy from 203.0.113.66, an address never seen before”');
    expect(stdout).toContain('1. security-breach — Security breach — contain, preserve, investigate');
    expect(stdout).toContain('SUSPECT_IP="203.0.113.66" (from label source_ip)');
    expect(stdout).toContain('Open it: firebreak open "firebreak://runbook/security-breach?SUSPECT_USER=deploy&SUSPECT_IP=203.0.113.66"');
  });

  it('refuses bad input with a message naming the field, and never fills a hostile value', async () => {
    const write = (name: string, text: string) => {
      const file = path.join(root, name);
      fs.writeFileSync(file, text);
      return file;
    };
    expect(await firebreak('page', write('big.json', `{"labels":{"alertname":"X"},"annotations":{"d":"${'a'.repeat(1024 * 1024)}"}}`))).toBe(1);
    expect(stderr).toMatch(/over 1048576 bytes \(1 MiB\)/);
    expect(await firebreak('page', write('nolabels.json', '{"version":"4","alerts":[{"status":"firing","annotations":{}}]}'))).toBe(1);
    expect(stderr).toBe('firebreak: alerts[0].labels is missing: an alert without labels cannot be matched or named.\n');
    expect(await firebreak('page', write('long.json', JSON.stringify({ labels: { alertname: 'X', instance: 'x'.repeat(100 * 1024) } })))).toBe(1);
    expect(stderr).toContain('alert.labels.instance is 102400 characters long');
    expect(await firebreak('page', write('broken.json', '{"alerts": ['))).toBe(1);
    expect(stderr).toContain('not valid JSON');
    expect(await firebreak('page', path.join(root, 'missing.json'))).toBe(1);
    expect(stderr).toContain('no such file');
    expect(await firebreak('page', path.join(ALERTS, 'hostile-labels.json'), '--json')).toBe(0);
    const hostile = JSON.parse(stdout) as { suggestions: Array<{ runbookId: string; params: Record<string, string>; paramErrors: Record<string, string> }> };
    expect(hostile.suggestions[0]!.runbookId).toBe('database-outage');
    expect(hostile.suggestions[0]!.params).toEqual({});
    expect(hostile.suggestions[0]!.paramErrors.PGHOST).toMatch(/does not match the pattern/);
    // Hostile text stays text in the exports.
    const incidentId = (hostile as unknown as { incidentId: string }).incidentId;
    expect(await firebreak('export', incidentId, '--format', 'html')).toBe(0);
    expect(stdout).not.toContain('<script>alert(1)</script>');
    expect(stdout).not.toContain('<img src=x');
    expect(stdout).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });
});

describe('firebreak open', () => {
  it('prints the runbook a link resolves to with its values, and exits 0', async () => {
    expect(await firebreak('open', '--print', 'firebreak://runbook/database-outage?PGHOST=db-1.prod.example.com&profile=staging')).toBe(0);
    expect(stdout).toContain('Runbook: database-outage — Database outage — PostgreSQL primary down');
    expect(stdout).toContain('  profile: staging');
    expect(stdout).toContain('  PGHOST="db-1.prod.example.com"');
    expect(stdout).toContain('  PGPASSWORD: (secret — type it in the form)');
    // The link to open again holds what the link filled, not every default spelled out.
    expect(stdout).toContain('Nothing ran. To open it: start Firebreak (npm start) and open firebreak://runbook/database-outage?PGHOST=db-1.prod.example.com&profile=staging\n');
  });

  it('exits 1 with a clear message for an unknown runbook, a bad value, a secret in the link or a bad link', async () => {
    expect(await firebreak('open', 'firebreak://runbook/no-such-runbook')).toBe(1);
    expect(stderr).toBe('firebreak: There is no runbook "no-such-runbook" in the library.\n');
    expect(await firebreak('open', '--print', 'firebreak://runbook/database-outage?PGPORT=5432;reboot&PGPASSWORD=x&NOPE=1')).toBe(1);
    expect(stdout).toContain('PGPORT="5432;reboot"  ✗ PGPORT does not match the pattern');
    expect(stdout).toContain('PGPASSWORD: (secret — type it in the form)  ✗ PGPASSWORD is secret, and secrets cannot come from a link');
    expect(stdout).toContain('NOPE: ✗ ?NOPE=… — this runbook has no parameter NOPE.');
    expect(stderr).toContain('The link has 3 bad values');
    expect(await firebreak('open', 'https://example.com/x')).toBe(1);
    expect(stderr).toContain('is not a Firebreak link');
  });
});
