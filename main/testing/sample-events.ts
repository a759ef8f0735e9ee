import type { EventDataInput } from '../../shared/model/timeline';

/** A step.started payload for tests: the fields a test cares about, the rest neutral. */
export function stepStartedData(fields: Partial<EventDataInput<'step.started'>> & { runId: string; stepId: string }): EventDataInput<'step.started'> {
  return {
    runbookId: 'runbook',
    title: fields.stepId,
    sessionId: 'sess-1',
    batchId: null,
    runbookTitle: 'Runbook',
    contentHash: 'hash',
    command: 'true',
    profile: null,
    production: false,
    rollbackOf: null,
    sentAs: 'script',
    tracked: true,
    ...fields,
  };
}

/** A step.finished payload for tests (passed with exit 0 unless the test says otherwise). */
export function stepFinishedData(fields: Partial<EventDataInput<'step.finished'>> & { runId: string; stepId: string }): EventDataInput<'step.finished'> {
  return {
    runbookId: 'runbook',
    title: fields.stepId,
    sessionId: 'sess-1',
    batchId: null,
    command: 'true',
    status: 'passed',
    exitCode: 0,
    durationMs: 10,
    expect: null,
    message: null,
    rollbackOf: null,
    ...fields,
  };
}
