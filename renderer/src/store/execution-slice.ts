import type { StateCreator } from 'zustand';
import type { Step } from '../../../shared/model/runbook';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';

/** What a step asks of the responder before it is sent: nothing, a yes, or a typed word. */
export type ConfirmRequirement = { kind: 'none' } | { kind: 'yes' } | { kind: 'word'; word: string };

export function confirmRequirement(step: Step): ConfirmRequirement {
  const confirm = step.attributes.confirm;
  if (typeof confirm === 'string' && confirm !== 'true' && confirm !== 'false' && confirm.trim()) {
    return { kind: 'word', word: confirm.trim() };
  }
  const destructive = step.attributes.destructive === true || step.attributes.destructive === 'true';
  if (confirm === true || confirm === 'true' || destructive) return { kind: 'yes' };
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
      if (confirmRequirement(step).kind === 'none') void send(step);
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
