import type { StateCreator } from 'zustand';
import type { EventOf, ResponseOf } from '../../../shared/ipc/contract';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';
import { mergeRuns } from './merge-runs';

export type StepRunStatus = EventOf<'step:state'>;
export type BatchStatus = EventOf<'step:batch'>;
export type RunPlan = ResponseOf<'step:plan'>;

export interface StepRunsSlice {
  /** Every run this window knows of, by run id. */
  runs: Record<string, StepRunStatus>;
  /** Run-all batches by id. */
  batches: Record<string, BatchStatus>;
  /** Fetches main's runs (at start and after a reconnect: step:state may have been missed) and merges them in. */
  loadRuns(): Promise<void>;
  runChanged(run: StepRunStatus): void;
  batchChanged(batch: BatchStatus): void;
  cancelRun(runId: string): Promise<void>;
  cancelBatch(batchId: string): Promise<void>;
}

export const createStepRunsSlice: StateCreator<AppState, [], [], StepRunsSlice> = (set, get) => ({
  runs: {},
  batches: {},
  async loadRuns() {
    try {
      const list = await call('step:list', {});
      set({ runs: mergeRuns(get().runs, list) });
    } catch (error) {
      get().reportError(error);
    }
  },
  runChanged(run) {
    const runs = { ...get().runs };
    // A Run all announces each step as queued under a placeholder id; the real run replaces it.
    if (run.batchId) {
      for (const [id, other] of Object.entries(runs)) {
        if (id !== run.runId && other.batchId === run.batchId && other.stepId === run.stepId && other.state === 'queued') delete runs[id];
      }
    }
    runs[run.runId] = run;
    set({ runs });
  },
  batchChanged(batch) {
    const update: Partial<StepRunsSlice> = { batches: { ...get().batches, [batch.batchId]: batch } };
    if (batch.state !== 'running') {
      // Steps the batch never reached were not run: drop their queued placeholders.
      const runs = Object.fromEntries(
        Object.entries(get().runs).filter(([, run]) => !(run.batchId === batch.batchId && run.state === 'queued')),
      );
      update.runs = runs;
      if (batch.message) get().notify(`Run all: ${batch.message}`, batch.state === 'passed' ? 'info' : 'error');
    }
    set(update);
  },
  async cancelRun(runId) {
    try {
      await call('step:cancel', { runId });
    } catch (error) {
      get().reportError(error);
    }
  },
  async cancelBatch(batchId) {
    try {
      await call('step:cancel', { batchId });
    } catch (error) {
      get().reportError(error);
    }
  },
});

/** The newest run of each step of a runbook in one incident (a drill's step cards never show the real incident's runs). */
export function latestRunByStep(runs: Record<string, StepRunStatus>, runbookId: string | undefined, incidentId: string | undefined): Map<string, StepRunStatus> {
  const latest = new Map<string, StepRunStatus>();
  for (const run of Object.values(runs)) {
    if (run.runbookId !== runbookId || run.incidentId !== incidentId) continue;
    const current = latest.get(run.stepId);
    if (!current || (run.startedAt ?? Infinity) >= (current.startedAt ?? Infinity)) latest.set(run.stepId, run);
  }
  return latest;
}

/** Runs still going (queued or running), newest first. */
export function activeRuns(runs: Record<string, StepRunStatus>): StepRunStatus[] {
  return Object.values(runs)
    .filter((run) => run.state === 'queued' || run.state === 'running')
    .sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
}
