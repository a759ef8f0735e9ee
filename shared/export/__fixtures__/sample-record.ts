import type { IncidentRecord } from '../incident-record';
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
    { item: 'Alert on database connection saturation above 80%', type: 'prevent', owner: 'dana', tracking: 'OPS-1422' },
    { item: 'Cap pool size per pod in the deploy pipeline', type: 'mitigate', owner: null, tracking: null },
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
      { seq: 1, incidentId: 'inc-2024-05-14-orders', ts: '2024-05-14T03:14:00.000Z', kind: 'incident.declared', actor: 'alice', data: { title: 'Orders API 502s', severity: 'SEV2' }, starred: true },
      { seq: 2, incidentId: 'inc-2024-05-14-orders', ts: '2024-05-14T03:15:10.000Z', kind: 'runbook.opened', actor: 'alice', data: { runbookId: 'orders-db-pool', title: 'Orders database connection pool exhausted', contentHash: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00' }, starred: false },
      { seq: 3, incidentId: 'inc-2024-05-14-orders', ts: '2024-05-14T03:16:00.000Z', kind: 'step.started', actor: 'alice', data: { stepId: 'check-pool', title: 'Check the pool', command: `psql "postgres://admin:${SAMPLE_SECRET_PARAM}@orders-db:5432/orders" -c 'select count(*) from pg_stat_activity'` }, starred: false },
      { seq: 4, incidentId: 'inc-2024-05-14-orders', ts: '2024-05-14T03:16:02.350Z', kind: 'step.finished', actor: 'alice', data: { stepId: 'check-pool', title: 'Check the pool', command: `psql "postgres://admin:${SAMPLE_SECRET_PARAM}@orders-db:5432/orders" -c 'select count(*) from pg_stat_activity'`, exitCode: 0, durationMs: 2350, expect: { passed: false, description: 'fewer than 250 connections' } }, starred: true },
      { seq: 5, incidentId: 'inc-2024-05-14-orders', ts: '2024-05-14T03:18:45.000Z', kind: 'note', actor: 'carol', data: { text: 'Pool is at 300/300. Deploy 2024.05.14-2 went out at 03:10.\nSuspect `DB_POOL_SIZE` change.' }, starred: false },
      { seq: 6, incidentId: 'inc-2024-05-14-orders', ts: '2024-05-14T03:19:00.000Z', kind: 'status.changed', actor: 'alice', data: { from: 'investigating', to: 'identified' }, starred: false },
      { seq: 7, incidentId: 'inc-2024-05-14-orders', ts: '2024-05-14T03:30:12.000Z', kind: 'command.manual', actor: 'dana', data: { command: 'kubectl -n prod set env deploy/orders-api DB_POOL_SIZE=10 | grep -v "|"', sessionId: 'sess-1', exitCode: 0 }, starred: false },
      { seq: 8, incidentId: 'inc-2024-05-14-orders', ts: '2024-05-14T03:31:00.000Z', kind: 'step.started', actor: 'alice', data: { stepId: 'restart-api', title: 'Restart the API pods', command: 'kubectl -n prod rollout restart deploy/orders-api' }, starred: false },
      { seq: 9, incidentId: 'inc-2024-05-14-orders', ts: '2024-05-14T03:33:30.000Z', kind: 'step.finished', actor: 'alice', data: { stepId: 'restart-api', title: 'Restart the API pods', command: 'kubectl -n prod rollout restart deploy/orders-api', exitCode: 0, durationMs: 150000 }, starred: false },
      { seq: 10, incidentId: 'inc-2024-05-14-orders', ts: '2024-05-14T03:33:40.000Z', kind: 'status.changed', actor: 'alice', data: { from: 'identified', to: 'mitigated' }, starred: true },
      { seq: 11, incidentId: 'inc-2024-05-14-orders', ts: '2024-05-14T04:05:00.000Z', kind: 'status.changed', actor: 'alice', data: { from: 'mitigated', to: 'resolved' }, starred: false },
    ],
    sessions: [
      {
        sessionId: 'sess-1',
        shell: '/bin/bash',
        cols: 120,
        rows: 32,
        startedAt: '2024-05-14T03:15:30.000Z',
        chunks: [
          { at: '2024-05-14T03:15:30.120Z', data: '\x1b[1;32moncall@bastion\x1b[0m:~$ ', stepId: null },
          { at: '2024-05-14T03:16:00.050Z', data: `psql "postgres://admin:${SAMPLE_SECRET_PARAM}@orders-db:5432/orders" -c 'select count(*) from pg_stat_activity'\r\n`, stepId: 'check-pool' },
          { at: '2024-05-14T03:16:02.300Z', data: ' count \r\n-------\r\n   300\r\n(1 row)\r\n\r\n', stepId: 'check-pool' },
          { at: '2024-05-14T03:16:02.340Z', data: '\x1b[1;32moncall@bastion\x1b[0m:~$ ', stepId: 'check-pool' },
          { at: '2024-05-14T03:29:58.000Z', data: `env | grep AWS\r\nAWS_ACCESS_KEY_ID=\x1b[33m${SAMPLE_AWS_KEY.slice(0, 9)}`, stepId: null },
          { at: '2024-05-14T03:29:58.004Z', data: `${SAMPLE_AWS_KEY.slice(9)}\x1b[0m\r\n`, stepId: null },
          { at: '2024-05-14T03:30:12.000Z', data: 'kubectl -n prod set env deploy/orders-api DB_POOL_SIZE=10\r\ndeployment.apps/orders-api env updated\r\n', stepId: null },
          { at: '2024-05-14T03:31:00.100Z', data: 'kubectl -n prod rollout restart deploy/orders-api\r\ndeployment.apps/orders-api restarted\r\n', stepId: 'restart-api' },
          { at: '2024-05-14T03:33:29.900Z', data: 'Waiting for deployment "orders-api" rollout to finish: 11 of 12 updated replicas are available...\r\ndeployment "orders-api" successfully rolled out\r\n', stepId: 'restart-api' },
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
