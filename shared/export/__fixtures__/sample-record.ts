import { parseEventData, type EventDataInput, type TimelineEventKind } from '../../model/timeline';
import type { IncidentRecord, RecordedEvent } from '../incident-record';
import { emptyPostmortemFields } from '../incident-record';

/** A secret param value used in the sample; exports must never show it. */
export const SAMPLE_SECRET_PARAM = 'Orders-DB-Adm1n-Pa55';
/** A detectable secret (an AWS access key id, fake) that the sample's output splits across two chunks. */
export const SAMPLE_AWS_KEY = 'AKIA' + 'QX7RZ2MNB4VT6PLE';

const RUNBOOK_SOURCE = `---
title: Orders database connection pool exhausted
services: [orders-api, orders-db]
params:
  DB_PASSWORD: { secret: true }
---
# Orders database connection pool exhausted

## Check the pool

\`\`\`bash {id=check-pool expect="exit 0"}
psql "postgres://admin:$DB_PASSWORD@orders-db:5432/orders" -c 'select count(*) from pg_stat_activity'
\`\`\`

## Restart the API pods

\`\`\`bash {id=restart-api confirm}
kubectl -n prod rollout restart deploy/orders-api
\`\`\`
`;

const HASH = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
const checkPool = {
  runbookId: 'orders-db-pool',
  stepId: 'check-pool',
  title: 'Check the pool',
  sessionId: 'sess-1',
  command: `psql "postgres://admin:${SAMPLE_SECRET_PARAM}@orders-db:5432/orders" \\\n  -c 'select count(*) from pg_stat_activity'`,
};
const restartApi = { runbookId: 'orders-db-pool', stepId: 'restart-api', title: 'Restart the API pods', sessionId: 'sess-1', command: 'kubectl -n prod rollout restart deploy/orders-api' };

/** One event of the sample incident, its data checked against its kind's schema. */
function ev<K extends TimelineEventKind>(seq: number, time: string, kind: K, actor: string, data: EventDataInput<K>, starred = false): RecordedEvent {
  return { seq, incidentId: 'inc-2024-05-14-orders', ts: `2024-05-14T${time}Z`, kind, actor, data: parseEventData(kind, data), starred } as RecordedEvent;
}

/**
 * A realistic incident: a SEV2 on the orders API, one runbook, two steps (one
 * failing its expectation), a manual command, notes, status changes, starred
 * events, and terminal output with colours and secrets in it.
 */
export function sampleIncidentRecord(): IncidentRecord {
  const postmortem = emptyPostmortemFields();
  postmortem.summary = 'Orders API returned 502s for 21 minutes because the orders database connection pool was exhausted after a deploy raised per-pod pool size.';
  postmortem.trigger = 'Deploy 2024.05.14-2 raised `DB_POOL_SIZE` from 10 to 50 on 12 pods; the database allows 300 connections.';
  postmortem.actionItems = [
    { item: 'Alert on database connection saturation above 80%', type: 'prevent', owner: 'dana', tracking: 'OPS-1422', priority: 'P1' },
    { item: 'Cap pool size per pod in the deploy pipeline', type: 'mitigate', owner: null, tracking: null, priority: null },
  ];
  postmortem.lessonsLearned.wentWell = ['The pool-exhaustion runbook matched the symptoms within minutes.'];
  return {
    incident: {
      id: 'inc-2024-05-14-orders',
      title: 'Orders API 502s: database connection pool exhausted',
      kind: 'incident',
      createdAt: '2024-05-14T03:14:00.000Z',
      severity: 'SEV2',
      status: 'resolved',
      services: ['orders-api', 'orders-db'],
      commander: 'alice',
      communicationsLead: 'bob',
      responders: ['alice', 'carol', 'dana'],
      keyMoments: {
        started: '2024-05-14T03:12:09.000Z',
        detected: '2024-05-14T03:13:30.000Z',
        acknowledged: '2024-05-14T03:15:02.000Z',
        mitigated: '2024-05-14T03:33:40.000Z',
        resolved: '2024-05-14T04:05:00.000Z',
      },
      postmortem,
    },
    events: [
      ev(1, '03:14:00.000', 'incident.declared', 'alice', { title: 'Orders API 502s', kind: 'incident', severity: 'SEV2', services: ['orders-api', 'orders-db'], commander: 'alice', communicationsLead: 'bob', responders: ['alice', 'carol', 'dana'] }, true),
      ev(2, '03:15:10.000', 'runbook.opened', 'alice', { runbookId: 'orders-db-pool', title: 'Orders database connection pool exhausted', contentHash: HASH }),
      ev(3, '03:15:30.000', 'session.started', 'alice', { sessionId: 'sess-1', shell: '/bin/bash', shellKind: 'bash', pid: 4242, cwd: '/home/oncall', integration: 'active', integrationNote: null, generation: 1, cols: 120, rows: 32 }),
      ev(4, '03:16:00.000', 'param.set', 'alice', { sessionId: 'sess-1', runId: 'run-1', runbookId: 'orders-db-pool', name: 'PGHOST', value: 'orders-db', secret: false, profile: 'production' }),
      ev(5, '03:16:00.000', 'param.set', 'alice', { sessionId: 'sess-1', runId: 'run-1', runbookId: 'orders-db-pool', name: 'PGPASSWORD', value: '••••', secret: true, profile: 'production' }),
      ev(6, '03:16:00.000', 'step.started', 'alice', { ...checkPool, runId: 'run-1', batchId: null, runbookTitle: 'Orders database connection pool exhausted', contentHash: HASH, profile: 'production', production: true, rollbackOf: null, sentAs: 'script', tracked: true }),
      ev(7, '03:16:02.350', 'step.finished', 'alice', { ...checkPool, runId: 'run-1', batchId: null, status: 'failed', exitCode: 0, durationMs: 2350, expect: { passed: false, description: 'output did not match /count.*\\n\\s*[0-9]{1,2}\\s/' }, message: 'expected fewer than 250 connections', rollbackOf: null }, true),
      ev(8, '03:18:45.000', 'note', 'carol', { noteId: 'note-1', text: 'Pool is at 300/300. Deploy 2024.05.14-2 went out at 03:10.\nSuspect `DB_POOL_SIZE` change.' }),
      ev(9, '03:19:00.000', 'status.changed', 'alice', { from: 'investigating', to: 'identified' }),
      ev(10, '03:30:12.000', 'command.manual', 'dana', { commandLine: 'kubectl -n prod set env deploy/orders-api DB_POOL_SIZE=10 | grep -v "|"', commandLineExact: true, sessionId: 'sess-1', exitCode: 0, durationMs: 1200, cwd: '/home/oncall', state: 'finished' }),
      ev(11, '03:31:00.000', 'step.started', 'alice', { ...restartApi, runId: 'run-2', batchId: null, runbookTitle: 'Orders database connection pool exhausted', contentHash: HASH, profile: 'production', production: true, rollbackOf: null, sentAs: 'script', tracked: true }),
      ev(12, '03:33:30.000', 'step.finished', 'alice', { ...restartApi, runId: 'run-2', batchId: null, status: 'passed', exitCode: 0, durationMs: 150000, expect: null, message: null, rollbackOf: null }),
      ev(13, '03:33:35.000', 'step.started', 'alice', { ...checkPool, runId: 'run-3', batchId: null, runbookTitle: 'Orders database connection pool exhausted', contentHash: HASH, profile: 'production', production: true, rollbackOf: null, sentAs: 'script', tracked: true }),
      ev(14, '03:33:36.100', 'step.finished', 'alice', { ...checkPool, runId: 'run-3', batchId: null, status: 'passed', exitCode: 0, durationMs: 1100, expect: { passed: true, description: 'output matched' }, message: null, rollbackOf: null }),
      ev(15, '03:33:40.000', 'status.changed', 'alice', { from: 'identified', to: 'mitigated' }, true),
      ev(16, '03:33:40.000', 'moment.set', 'alice', { moment: 'mitigated', from: null, to: '2024-05-14T03:33:40.000Z', automatic: true }),
      ev(17, '04:05:00.000', 'status.changed', 'alice', { from: 'mitigated', to: 'resolved' }),
      ev(18, '04:05:00.000', 'moment.set', 'alice', { moment: 'resolved', from: null, to: '2024-05-14T04:05:00.000Z', automatic: true }),
    ],
    sessions: [
      {
        sessionId: 'sess-1',
        shell: '/bin/bash',
        cols: 120,
        rows: 32,
        startedAt: '2024-05-14T03:15:30.000Z',
        resizes: [{ at: '2024-05-14T03:20:00.000Z', cols: 160, rows: 40 }],
        chunks: [
          { at: '2024-05-14T03:15:30.120Z', data: '\x1b]633;A;n0nce-sample-1234\x07\x1b[1;32moncall@bastion\x1b[0m:~$ \x1b]633;B;n0nce-sample-1234\x07', runId: null },
          { at: '2024-05-14T03:16:00.050Z', data: `psql "postgres://admin:${SAMPLE_SECRET_PARAM}@orders-db:5432/orders" -c 'select count(*) from pg_stat_activity'\r\n`, runId: 'run-1' },
          { at: '2024-05-14T03:16:02.300Z', data: ' count \r\n-------\r\n   300\r\n(1 row)\r\n\r\n', runId: 'run-1' },
          { at: '2024-05-14T03:16:02.340Z', data: '\x1b]633;D;0;n0nce-sample-1234\x07\x1b[1;32moncall@bastion\x1b[0m:~$ ', runId: null },
          { at: '2024-05-14T03:29:58.000Z', data: `env | grep AWS\r\nAWS_ACCESS_KEY_ID=\x1b[33m${SAMPLE_AWS_KEY.slice(0, 9)}`, runId: null },
          { at: '2024-05-14T03:29:58.004Z', data: `${SAMPLE_AWS_KEY.slice(9)}\x1b[0m\r\n`, runId: null },
          { at: '2024-05-14T03:30:12.000Z', data: 'kubectl -n prod set env deploy/orders-api DB_POOL_SIZE=10\r\ndeployment.apps/orders-api env updated\r\n', runId: null },
          { at: '2024-05-14T03:31:00.100Z', data: 'kubectl -n prod rollout restart deploy/orders-api\r\ndeployment.apps/orders-api restarted\r\n', runId: 'run-2' },
          { at: '2024-05-14T03:33:29.900Z', data: 'Waiting for deployment "orders-api" rollout to finish: 11 of 12 updated replicas are available...\r\ndeployment "orders-api" successfully rolled out\r\n', runId: 'run-2' },
          { at: '2024-05-14T03:33:36.000Z', data: ' count \r\n-------\r\n    41\r\n(1 row)\r\n', runId: 'run-3' },
        ],
      },
    ],
    runbookSnapshots: [
      { contentHash: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00', runbookId: 'orders-db-pool', title: 'Orders database connection pool exhausted', source: RUNBOOK_SOURCE },
    ],
  };
}

/** The same incident run as a drill. */
export function sampleDrillRecord(): IncidentRecord {
  const record = sampleIncidentRecord();
  record.incident.kind = 'drill';
  record.incident.id = 'drill-2024-05-20-orders';
  record.incident.title = 'Game day: orders database pool exhaustion';
  record.incident.severity = 'SEV3';
  return record;
}

/** Export options the golden files are rendered with. */
export const SAMPLE_EXPORT_OPTIONS = {
  redaction: { secretValues: [SAMPLE_SECRET_PARAM] },
  generatedAt: '2024-05-15T09:00:00.000Z',
};
