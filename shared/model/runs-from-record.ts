import type { EventOfKind, TimelineEvent } from './timeline';
import type { StepRunStatus } from './step-run';

/**
 * Step runs as the durable record tells them: one status per run, from its
 * step.started and step.finished events (a step.cancelled adds why). The
 * step cards read these after a restart, so a card says what the timeline
 * says instead of "not run".
 *
 * A run whose start is recorded but whose end is not was cut off (Firebreak
 * was killed, the machine lost power) or belongs to another Firebreak
 * process writing the same record (`firebreak run` beside the app): it is
 * reported with an unknown result, never as running, since nothing will
 * report its end to this process.
 *
 * `events` may come in any order; the result is ordered by start time.
 */
export function runsFromRecord(events: Iterable<TimelineEvent>): StepRunStatus[] {
  const runs = new Map<string, StepRunStatus>();
  const cancelReasons = new Map<string, string>();
  for (const event of events) {
    if (event.kind === 'step.started') {
      const known = runs.get(event.data.runId);
      runs.set(event.data.runId, {
        ...(known ?? {
          state: 'unknown',
          exitCode: null,
          durationMs: null,
          expect: null,
          message: 'No end of this run is on record: Firebreak stopped before it ended (or another Firebreak is still running it).',
        }),
        ...identity(event),
        startedAt: Date.parse(event.ts),
      });
    } else if (event.kind === 'step.finished') {
      const { data } = event;
      runs.set(data.runId, {
        ...identity(event),
        // Without its start on record, the start is the end less the duration.
        startedAt: runs.get(data.runId)?.startedAt ?? Date.parse(event.ts) - (data.durationMs ?? 0),
        state: data.status,
        exitCode: data.exitCode,
        durationMs: data.durationMs,
        expect: data.expect,
        message: data.message,
      });
    } else if (event.kind === 'step.cancelled') {
      cancelReasons.set(event.data.runId, event.data.reason);
    }
  }
  for (const [runId, reason] of cancelReasons) {
    const run = runs.get(runId);
    if (run && run.state === 'cancelled' && !run.message) run.message = `Cancelled (${reason}).`;
  }
  return [...runs.values()].sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
}

/** What both a run's start and its end say of which run it is. */
function identity(event: EventOfKind<'step.started'> | EventOfKind<'step.finished'>) {
  const { data } = event;
  return {
    runId: data.runId,
    incidentId: event.incidentId,
    batchId: data.batchId,
    runbookId: data.runbookId,
    stepId: data.stepId,
    sessionId: data.sessionId,
    rollbackOf: data.rollbackOf,
    recordProblem: null,
  };
}
