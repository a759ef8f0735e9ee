import type { StateCreator } from 'zustand';
import type { Step } from '../../../shared/model/runbook';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';
import { currentParams } from './run-context-slice';

/** What a step asks of the responder before it is sent: nothing, a yes, or a typed word. */
export type ConfirmRequirement = { kind: 'none' } | { kind: 'yes' } | { kind: 'word'; word: string };

export function confirmRequirement(step: Step, params: Record<string, string> = {}): ConfirmRequirement {
  const confirm = step.confirm;
  if (typeof confirm === 'string') {
    // `$NAME` means: type the value that param has for this run (e.g. the environment name).
    const word = confirm.startsWith('$') ? (params[confirm.slice(1)] ?? '') : confirm;
    return word ? { kind: 'word', word } : { kind: 'yes' };
  }
  if (confirm || step.destructive) return { kind: 'yes' };
  return { kind: 'none' };
}

export interface ExecutionSlice {
  /** A step waiting for the responder's confirmation; nothing has been sent. */
  pendingConfirmation: Step | null;
  /** Runs the step, or asks first when it needs confirming. */
  requestRun(step: Step): void;
  confirmPendingRun(): Promise<void>;
  cancelPendingRun(): void;
}

export const createExecutionSlice: StateCreator<AppState, [], [], ExecutionSlice> = (set, get) => {
  async function send(step: Step): Promise<void> {
    const runbook = get().selectedRunbook;
    const sessionId = get().activeSessionId;
    if (!runbook || !sessionId) {
      get().notify('No terminal session is running yet.', 'error');
      return;
    }
    try {
      await call('step:run', { runbookId: runbook.id, stepId: step.id, sessionId });
    } catch (error) {
      get().reportError(error);
    }
  }
  return {
    pendingConfirmation: null,
    requestRun(step) {
      const runbook = get().selectedRunbook;
      if (!runbook) return;
      const params = currentParams(get(), runbook);
      const problems = Object.values(params.errors);
      if (params.profileError || problems.length) {
        get().notify(`Fix the parameters before running: ${[params.profileError, ...problems].filter(Boolean).join(' ')}`, 'error');
        return;
      }
      // Production always asks, even for steps that do not ask elsewhere.
      if (confirmRequirement(step, params.values).kind === 'none' && !params.production) void send(step);
      else set({ pendingConfirmation: step });
    },
    async confirmPendingRun() {
      const step = get().pendingConfirmation;
      set({ pendingConfirmation: null });
      if (step) await send(step);
    },
    cancelPendingRun() {
      set({ pendingConfirmation: null });
    },
  };
};
