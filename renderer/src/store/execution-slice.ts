import type { StateCreator } from 'zustand';
import type { Step } from '../../../shared/model/runbook';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';
import { currentParams, effectiveProfile, paramOverrides, stepConfirmation } from './run-context-slice';

/** A run waiting for the responder: one step, or a rollback of one. */
export interface PendingRun {
  step: Step;
  mode: 'run' | 'rollback';
}

export interface ExecutionSlice {
  /** A step waiting for the responder's confirmation; nothing has been sent. */
  pendingConfirmation: PendingRun | null;
  /** Open Run-all review (the plan is fetched by the dialog). */
  runAllOpen: boolean;
  /** Step whose dry run is shown. */
  dryRunStep: Step | null;
  /** Runs the step, or asks first when it needs confirming. */
  requestRun(step: Step, mode?: PendingRun['mode']): void;
  confirmPendingRun(confirmation: string): Promise<void>;
  cancelPendingRun(): void;
  setRunAllOpen(open: boolean): void;
  showDryRun(step: Step | null): void;
}

export const createExecutionSlice: StateCreator<AppState, [], [], ExecutionSlice> = (set, get) => {
  /** The target step of a rollback: its own confirmation gates the run. */
  function gatedStep({ step, mode }: PendingRun): Step {
    if (mode !== 'rollback') return step;
    return get().selectedRunbook?.steps.find((candidate) => candidate.id === step.rollback) ?? step;
  }

  async function send(pending: PendingRun, confirmation?: string): Promise<void> {
    const runbook = get().selectedRunbook;
    const sessionId = get().activeSessionId;
    if (!runbook || !sessionId) {
      get().notify('No terminal session is running yet.', 'error');
      return;
    }
    const choice = {
      runbookId: runbook.id,
      stepId: pending.step.id,
      sessionId,
      profile: effectiveProfile(get(), runbook),
      params: paramOverrides(get(), runbook.id),
      ...(confirmation !== undefined ? { confirmation } : {}),
    };
    try {
      if (pending.mode === 'rollback') await call('step:rollback', choice);
      else await call('step:run', choice);
    } catch (error) {
      get().reportError(error);
    }
  }

  return {
    pendingConfirmation: null,
    runAllOpen: false,
    dryRunStep: null,
    requestRun(step, mode = 'run') {
      const runbook = get().selectedRunbook;
      if (!runbook) return;
      const params = currentParams(get(), runbook);
      const problems = Object.values(params.errors);
      if (params.profileError || problems.length) {
        get().notify(`Fix the parameters before running: ${[params.profileError, ...problems].filter(Boolean).join(' ')}`, 'error');
        return;
      }
      const pending = { step, mode };
      // The rule itself makes production always ask.
      if (stepConfirmation(get(), runbook, gatedStep(pending)).requirement.kind === 'none') void send(pending);
      else set({ pendingConfirmation: pending });
    },
    async confirmPendingRun(confirmation) {
      const pending = get().pendingConfirmation;
      set({ pendingConfirmation: null });
      if (pending) await send(pending, confirmation);
    },
    cancelPendingRun() {
      set({ pendingConfirmation: null });
    },
    setRunAllOpen(open) {
      set({ runAllOpen: open });
    },
    showDryRun(step) {
      set({ dryRunStep: step });
    },
  };
};
