import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from './timeline';
import { runsFromRecord } from './runs-from-record';

const ref = { runId: 'r1', runbookId: 'db', stepId: 'check', title: 'Check', sessionId: 's1' };
const started: TimelineEvent = {
  seq: 1,
  incidentId: 'inc-1',
  ts: '2026-12-01T10:00:00.000Z',
  actor: 'ana',
  kind: 'step.started',
  data: { ...ref, batchId: null, runbookTitle: 'DB', contentHash: 'h', command: 'psql', profile: null, production: false, rollbackOf: null, sentAs: 'script', tracked: true },
};
const finished: TimelineEvent = {
  seq: 2,
  incidentId: 'inc-1',
  ts: '2026-12-01T10:00:02.500Z',
  actor: 'ana',
  kind: 'step.finished',
  data: { ...ref, batchId: null, command: 'psql', status: 'failed', exitCode: 2, durationMs: 2500, expect: { passed: false, description: 'exit 0' }, message: 'exit 2', rollbackOf: null },
};

describe('runsFromRecord', () => {
  it('makes one status per run from its start and end, whatever order they come in', () => {
    const expected = { runId: 'r1', incidentId: 'inc-1', stepId: 'check', state: 'failed', exitCode: 2, durationMs: 2500, startedAt: Date.parse(started.ts), message: 'exit 2' };
    expect(runsFromRecord([started, finished])).toEqual([expect.objectContaining(expected)]);
    expect(runsFromRecord([finished, started])).toEqual([expect.objectContaining(expected)]);
  });

  it('reports a run with no end on record as unknown, never as running', () => {
    const [run] = runsFromRecord([started]);
    expect(run).toMatchObject({ state: 'unknown', exitCode: null, startedAt: Date.parse(started.ts) });
    expect(run?.message).toMatch(/No end of this run is on record/);
  });

  it('says why a run was cancelled when its end gives no message', () => {
    const cancelled: TimelineEvent = { ...finished, seq: 3, data: { ...finished.data, status: 'cancelled', exitCode: 130, message: null } } as TimelineEvent;
    const reason: TimelineEvent = { seq: 4, incidentId: 'inc-1', ts: finished.ts, actor: 'ana', kind: 'step.cancelled', data: { ...ref, reason: 'user' } };
    expect(runsFromRecord([started, reason, cancelled])[0]?.message).toBe('Cancelled (user).');
  });
});
