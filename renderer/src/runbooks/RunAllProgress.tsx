import { useEffect } from 'react';
import { formatDuration } from '../incidents/format-duration';
import { useNow } from '../incidents/use-now';
import { useAppStore } from '../store/app-store';
import type { BatchStatus } from '../store/step-runs-slice';

/** The Run all in progress for this runbook, if any (the newest when there are several). */
function runningBatch(batches: Record<string, BatchStatus>, runbookId: string): BatchStatus | undefined {
  return Object.values(batches).findLast((batch) => batch.runbookId === runbookId && batch.state === 'running');
}

/**
 * While Run all runs: "Run all · step n of m · elapsed", pinned above the
 * document, and the keyboard focus (hence the scroll) follows the running step.
 */
export function RunAllProgress({ runbookId, steps }: { runbookId: string; steps: ReadonlyArray<{ id: string; title: string }> }) {
  const batch = useAppStore((state) => runningBatch(state.batches, runbookId));
  const runs = useAppStore((state) => state.runs);
  const focusStep = useAppStore((state) => state.focusStep);
  const cancelBatch = useAppStore((state) => state.cancelBatch);
  const now = useNow(batch !== undefined);
  const currentStepId = batch?.currentStepId ?? null;

  useEffect(() => {
    if (!currentStepId) return;
    const index = steps.findIndex((step) => step.id === currentStepId);
    if (index >= 0) focusStep(index);
    // Scroll even when the keyboard was already on that step.
    document.querySelector(`[data-step-id="${CSS.escape(currentStepId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [currentStepId, steps, focusStep]);

  if (!batch) return null;
  const position = currentStepId ? batch.stepIds.indexOf(currentStepId) + 1 : 0;
  const started = Object.values(runs)
    .filter((run) => run.batchId === batch.batchId && run.startedAt !== null)
    .reduce((earliest, run) => Math.min(earliest, run.startedAt!), Infinity);
  const title = steps.find((step) => step.id === currentStepId)?.title;
  return (
    <div className="run-all-progress" role="status" data-testid="run-all-progress">
      <span className="run-all-label">Run all</span>
      <span data-testid="run-all-position">
        step {position} of {batch.stepIds.length} · {formatDuration(Number.isFinite(started) ? now - started : 0)}
      </span>
      {title && <span className="run-all-step">{title}</span>}
      <span className="spacer" />
      <button type="button" className="button small" onClick={() => void cancelBatch(batch.batchId)}>
        Cancel Run all
      </button>
    </div>
  );
}
