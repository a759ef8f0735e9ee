import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../shared/runbook/parse-runbook';
import { incidentFromAlerts, parseSeverityMap, severityFor } from '../../shared/alerts/alert-incident';
import { applyTransform, fillParamsFromLabels, suggestRunbooks } from '../../shared/alerts/match-runbooks';
import { AlertPayloadError, fingerprintOf, MAX_ALERT_PAYLOAD_BYTES, parseAlertPayload, parseAlertPayloadText } from '../../shared/alerts/parse-alert';
import { parseRunbookLink, resolveRunbookLink, runbookLink, RunbookLinkError } from '../../shared/alerts/runbook-link';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../testdata/alerts', name), 'utf8');
const bundled = fs
  .readdirSync(path.join(__dirname, '../../runbooks'))
  .filter((file) => file.endsWith('.md'))
  .map((file) => asRunbook(fs.readFileSync(path.join(__dirname, '../../runbooks', file), 'utf8'), file));

/** What matching reads of a runbook, from the parser alone (the library adds the same fields from the front matter). */
function asRunbook(source: string, file: string) {
  const parsed = parseRunbook(source, file);
  const list = (value: unknown) => (Array.isArray(value) ? (value as string[]) : []);
  return { ...parsed, id: String(parsed.frontMatter.id), tags: list(parsed.frontMatter.tags), services: list(parsed.frontMatter.services), source };
}

describe('reading alert payloads', () => {
  it('reads an Alertmanager webhook (version 4)', () => {
    const payload = parseAlertPayloadText(fixture('alertmanager-webhook-postgres.json'));
    expect(payload.format).toBe('alertmanager-webhook');
    expect(payload.groupKey).toBe('{}/{severity="critical"}:{alertname="PostgresqlDown"}');
    expect(payload.warnings).toEqual([]);
    const [alert] = payload.alerts;
    expect(alert).toMatchObject({ status: 'firing', alertname: 'PostgresqlDown', fingerprint: 'b7a3f6a8d2c1e004', startsAt: '2026-11-30T22:14:05.123Z', endsAt: null });
    expect(alert!.generatorURL).toContain('pg_up');
  });

  it('reads amtool alert query -o json (API v2 alerts)', () => {
    const payload = parseAlertPayloadText(fixture('amtool-crashloop.json'));
    expect(payload.format).toBe('amtool');
    expect(payload.alerts[0]).toMatchObject({ status: 'firing', alertname: 'KubePodCrashLooping', fingerprint: '0f3c5a1e9b7d2468' });
  });

  it('reads a plain alert and gives it a fingerprint from its labels', () => {
    const payload = parseAlertPayloadText(fixture('plain-intrusion.json'));
    expect(payload.format).toBe('alert');
    expect(payload.alerts[0]!.fingerprint).toBe(fingerprintOf(payload.alerts[0]!.labels));
    expect(fingerprintOf({ b: '2', a: '1' })).toBe(fingerprintOf({ a: '1', b: '2' }));
  });

  it('maps the webhook into an incident: title, severity, services, detection time', () => {
    const shape = incidentFromAlerts(parseAlertPayloadText(fixture('alertmanager-webhook-postgres.json')));
    expect(shape).toEqual({ title: 'PostgresqlDown: Postgresql down (instance db-1.prod.example.com:9187)', severity: 'SEV1', services: ['postgres'], detectedAt: '2026-11-30T22:14:05.123Z' });
    expect(incidentFromAlerts(parseAlertPayloadText(fixture('amtool-crashloop.json'))).severity).toBe('SEV3');
    expect(severityFor('warning', parseSeverityMap('warning=SEV2'))).toBe('SEV2');
    expect(() => parseSeverityMap('critical=P1')).toThrow(/critical=P1/);
  });

  it('refuses bad input with a message naming the field', () => {
    const refuse = (value: unknown) => {
      try {
        parseAlertPayload(value);
      } catch (error) {
        expect(error).toBeInstanceOf(AlertPayloadError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(() => parseAlertPayloadText('{"alerts": [')).toThrow(/not valid JSON/);
    expect(() => parseAlertPayloadText(' '.repeat(MAX_ALERT_PAYLOAD_BYTES + 1))).toThrow(/1 MiB/);
    expect(refuse({ alerts: [{ annotations: { summary: 'x' } }] })).toMatch(/alerts\[0\]\.labels is missing/);
    expect(refuse({ labels: {} })).toMatch(/alert\.labels is empty/);
    expect(refuse({ labels: { alertname: 'X', instance: 'a'.repeat(100 * 1024) } })).toMatch(/alert\.labels\.instance is 102400 characters/);
    expect(refuse({ labels: { 'bad-name': 'x' } })).toMatch(/"bad-name"/);
    expect(refuse({ labels: { alertname: 'X' }, startsAt: 'yesterday' })).toMatch(/alert\.startsAt/);
    expect(refuse({ labels: { alertname: 'X' }, status: 'burning' })).toMatch(/alert\.status/);
    expect(refuse(42)).toMatch(/JSON object/);
    expect(refuse({ hello: 'world' })).toMatch(/not an alert/);
  });

  it('reports unknown fields instead of using them', () => {
    const payload = parseAlertPayload({ version: '4', alerts: [{ labels: { alertname: 'X' }, surprise: 1 }], extra: true });
    expect(payload.warnings).toEqual(['Unknown field "extra" in the webhook payload was ignored.', 'Unknown field "surprise" in alerts[0] was ignored.']);
  });

  it('keeps hostile values as inert text', () => {
    const alert = parseAlertPayloadText(fixture('hostile-labels.json')).alerts[0]!;
    expect(alert.labels.instance).toBe('db-1; rm -rf / #:9187');
    expect(alert.annotations.summary).toContain('$(curl');
  });
});

describe('matching runbooks to an alert', () => {
  it('ranks the runbook declaring the alert name first and fills its params from the labels', () => {
    const alert = parseAlertPayloadText(fixture('alertmanager-webhook-postgres.json')).alerts[0]!;
    const [first] = suggestRunbooks(bundled, alert);
    expect(first).toMatchObject({ runbookId: 'database-outage', match: 'alert-name', reasons: ['declares alert PostgresqlDown'] });
    expect(first!.params.values).toEqual({ PGHOST: 'db-1.prod.example.com' });
    expect(first!.params.sources).toEqual({ PGHOST: 'instance | strip_port' });
  });

  it('matches label matchers, then search, and says why', () => {
    const intrusion = suggestRunbooks(bundled, parseAlertPayloadText(fixture('plain-intrusion.json')).alerts[0]!);
    expect(intrusion[0]).toMatchObject({ runbookId: 'security-breach', match: 'alert-name' });
    expect(intrusion[0]!.params.values).toEqual({ SUSPECT_USER: 'deploy', SUSPECT_IP: '203.0.113.66' });
    const byMatcher = suggestRunbooks(bundled, parseAlertPayload({ labels: { alertname: 'SomethingOdd', category: 'intrusion' } }).alerts[0]!);
    expect(byMatcher[0]).toMatchObject({ runbookId: 'security-breach', match: 'label-matchers', reasons: ['its label matchers hold: category=~"security|intrusion"'] });
    const bySearch = suggestRunbooks(bundled, parseAlertPayload({ labels: { alertname: 'PostgresWalArchivingStuck' } }).alerts[0]!);
    expect(bySearch[0]).toMatchObject({ runbookId: 'database-outage', match: 'search' });
    expect(bySearch[0]!.reasons[0]).toMatch(/^search: "postgres" in its/);
    const crash = suggestRunbooks(bundled, parseAlertPayloadText(fixture('amtool-crashloop.json')).alerts[0]!);
    expect(crash[0]).toMatchObject({ runbookId: 'crash-and-rollback', match: 'alert-name' });
    expect(crash[0]!.params.values).toEqual({ KUBE_NAMESPACE: 'checkout', SERVICE_NAME: 'checkout' });
  });

  it('never fills a hostile label value that breaks the param rules', () => {
    const alert = parseAlertPayloadText(fixture('hostile-labels.json')).alerts[0]!;
    const [first] = suggestRunbooks(bundled, alert);
    expect(first!.runbookId).toBe('database-outage');
    expect(first!.params.values).toEqual({});
    expect(first!.params.errors.PGHOST).toMatch(/does not match the pattern/);
  });

  it('transforms label values', () => {
    expect(applyTransform('db-1:9187', 'strip_port')).toBe('db-1');
    expect(applyTransform('[::1]:9187', 'strip_port')).toBe('::1');
    expect(applyTransform('fe80::1', 'strip_port')).toBe('fe80::1');
    expect(applyTransform('https://user@Web.example.com:443/health', 'host')).toBe('Web.example.com');
    expect(applyTransform('DB-1', 'lower')).toBe('db-1');
    expect(fillParamsFromLabels([{ name: 'TOKEN', description: '', required: false, secret: true, line: 1, fromLabel: { label: 'x' } }], { x: 'y' }).values).toEqual({});
  });

  it('lints alerts and from_label in front matter', () => {
    const source = ['---', 'id: x', 'title: X', 'alerts:', '  - Bad-Name', '  - matchers: ["job=~\\"(\\""]', '  - { name: Ok, colour: red }', 'comms:', '  cadence: { sev1: soon, sev9: 5m }', 'params:', '  HOST:', '    from_label: instance | nope', '  TOKEN:', '    secret: true', '    from_label: token', '---', '# X', ''].join('\n');
    const messages = parseRunbook(source, 'x.md').diagnostics.map((diagnostic) => diagnostic.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('alerts[0] "Bad-Name" is not an alert name'),
        expect.stringContaining('does not compile'),
        expect.stringContaining('unknown field "colour"'),
        expect.stringContaining('HOST.from_label has an unknown transform "nope"'),
        expect.stringContaining('TOKEN is secret, so it cannot come from an alert label'),
        expect.stringContaining('comms.cadence.sev1 must be a duration'),
        expect.stringContaining('comms.cadence.sev9 is not a severity'),
      ]),
    );
    expect(bundled.flatMap((runbook) => runbook.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'))).toEqual([]);
  });
});

describe('firebreak:// links', () => {
  const database = bundled.find((runbook) => runbook.id === 'database-outage')!;

  it('reads a link and fills the form, never a secret', () => {
    const link = parseRunbookLink('firebreak://runbook/database-outage?PGHOST=db-1&profile=staging&PGPASSWORD=hunter2&NOPE=1&PGPORT=abc');
    expect(link).toEqual({ runbookId: 'database-outage', profile: 'staging', values: { PGHOST: 'db-1', PGPASSWORD: 'hunter2', NOPE: '1', PGPORT: 'abc' } });
    const resolved = resolveRunbookLink(database, link);
    expect(resolved.values.PGHOST).toBe('db-1');
    expect(resolved.values).not.toHaveProperty('PGPASSWORD');
    expect(resolved.errors.PGPASSWORD).toMatch(/secrets cannot come from a link/);
    expect(resolved.errors.NOPE).toBe('?NOPE=… — this runbook has no parameter NOPE.');
    expect(resolved.errors.PGPORT).toMatch(/pattern/);
    expect(resolveRunbookLink(database, { ...link, profile: 'moon' }).profileError).toMatch(/no profile "moon"/);
  });

  it('reads the browser host form and refuses what is not a runbook link', () => {
    expect(parseRunbookLink('http://127.0.0.1:4000/open?runbook=database-outage&PGHOST=db-1&token=t')).toEqual({ runbookId: 'database-outage', profile: null, values: { PGHOST: 'db-1' } });
    expect(() => parseRunbookLink('firebreak://incident/1')).toThrow(RunbookLinkError);
    expect(() => parseRunbookLink('firebreak://runbook/../../etc')).toThrow(RunbookLinkError);
    expect(() => parseRunbookLink('javascript:alert(1)')).toThrow(/not a Firebreak link/);
    expect(runbookLink('database-outage', { PGHOST: 'db 1&x=y' }, 'staging')).toBe('firebreak://runbook/database-outage?PGHOST=db+1%26x%3Dy&profile=staging');
    expect(parseRunbookLink(runbookLink('database-outage', { PGHOST: 'db 1&x=y' })).values).toEqual({ PGHOST: 'db 1&x=y' });
  });
});
