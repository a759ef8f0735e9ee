import type { EventOf } from '../../../shared/ipc/contract';

type StepRunStatus = EventOf<'step:state'>;

/** A run in one of these states can still change; any other state is final. */
const LIVE_STATES: ReadonlySet<StepRunStatus['state']> = new Set(['queued', 'running']);

/**
 * Merges main's step:list into what this window knows. Main's answer wins
 * for a run this window still thinks is queued or running (its step:state
 * may have been missed while the socket was down); a run this window already
 * saw finish keeps that state (an event can arrive after main built the list,
 * and a finished run never goes back to running).
 */
export function mergeRuns(known: Record<string, StepRunStatus>, fromMain: readonly StepRunStatus[]): Record<string, StepRunStatus> {
  const merged = { ...known };
  for (const run of fromMain) {
    const local = merged[run.runId];
    if (!local || LIVE_STATES.has(local.state)) merged[run.runId] = run;
  }
  return merged;
}
