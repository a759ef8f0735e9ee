import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../model/timeline';
import { cadenceFrom, draftUpdateFields, formatCountdown, nextUpdateDue, renderUpdate } from './status-update';

const base = { incidentId: 'i', actor: 'ana' };
const declared: TimelineEvent = { ...base, seq: 1, ts: '2026-12-01T09:00:00.000Z', kind: 'incident.declared', data: { title: 'DB down', kind: 'incident', severity: 'SEV1', services: ['postgres'], commander: null, communicationsLead: 'bo', responders: [] } };
const alert: TimelineEvent = {
  ...base,
  seq: 2,
  ts: '2026-12-01T09:00:00.000Z',
  kind: 'alert.received',
  data: { alertname: 'PostgresqlDown', status: 'firing', fingerprint: 'f', groupKey: null, labels: {}, annotations: { summary: 'Postgres **down** [x](javascript:alert(1))' }, startsAt: null, endsAt: null, generatorURL: null, source: 'alert', declared: true },
};

describe('status updates', () => {
  it('drafts from the record and renders Markdown with alert text escaped, and plain text', () => {
    const fields = draftUpdateFields({ title: 'DB down', severity: 'SEV1', status: 'investigating', services: ['postgres'], events: [declared, alert], nextUpdateAt: '2026-12-01T09:15:00.000Z' });
    expect(fields.impact).toBe('SEV1 affecting postgres.');
    expect(fields.next).toBe('Next update by 2026-12-01 09:15:00 UTC.');
    const { markdown, plain } = renderUpdate(fields);
    expect(plain.split('\n')[0]).toBe('What is happening: DB down — Postgres **down** [x](javascript:alert(1))');
    expect(markdown).toContain('Postgres \\*\\*down\\*\\* \\[x\\](javascript:alert(1))');
  });

  it('counts down per severity from the last update, with a runbook cadence over the defaults', () => {
    const cadence = cadenceFrom({ comms: { cadence: { sev1: '10m' } } });
    expect(cadence).toEqual({ SEV1: 10, SEV2: 30, SEV3: 60, SEV4: null });
    // Settings over the defaults, the runbook over settings.
    expect(cadenceFrom({ comms: { cadence: { sev1: '10m' } } }, 'SEV1=5m, SEV2=20m,SEV4=2h,bogus')).toEqual({ SEV1: 10, SEV2: 20, SEV3: 60, SEV4: 120 });
    expect(nextUpdateDue([declared], 'SEV1', cadence)).toBe('2026-12-01T09:10:00.000Z');
    const update: TimelineEvent = { ...base, seq: 3, ts: '2026-12-01T09:08:00.000Z', kind: 'comms.update', data: { markdown: 'm', plain: 'p', status: 'investigating', severity: 'SEV1', nextUpdateAt: null, channel: '' } };
    expect(nextUpdateDue([declared, update], 'SEV1', cadence)).toBe('2026-12-01T09:18:00.000Z');
    expect(nextUpdateDue([declared], 'SEV4', cadence)).toBeNull();
    expect(formatCountdown('2026-12-01T09:10:00.000Z', Date.parse('2026-12-01T09:07:56.000Z'))).toEqual({ text: '02:04', overdue: false });
    expect(formatCountdown('2026-12-01T09:10:00.000Z', Date.parse('2026-12-01T09:11:30.000Z'))).toEqual({ text: '-01:30', overdue: true });
  });
});
