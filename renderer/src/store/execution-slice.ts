import type { StateCreator } from 'zustand';
import type { Runbook, Step } from '../../../shared/model/runbook';
import { ContractCallError } from '../../../shared/ipc/envelope';
import { INCIDENT_RESOLVED } from '../../../shared/model/domain-errors';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';
import { currentParams, effectiveProfile, paramOverrides, stepConfirmation } from './run-context-slice';

/** The runbook text a responder saw when they asked for a run: which runbook, and its content hash. */
export interface SeenText {
  runbookId: string;
  contentHash: string;
}

export function seenText(runbook: Pick<Runbook, 'id' | 'contentHash'>): SeenText {
  return { runbookId: runbook.id, contentHash: runbook.contentHash };
}

/** Whether `runbook` is still the text that was seen. */
export function isSeenText(runbook: Pick<Runbook, 'id' | 'contentHash'>, seen: SeenText): boolean {
  return runbook.id === seen.runbookId && runbook.contentHash === seen.contentHash;
}

/** A run waiting for the responder: one step, or a rollback of one, of the runbook text it was asked from. */
export interface PendingRun extends SeenText {
  step: Step;
  mode: 'run' | 'rollback';
}

/** What to do with a run refused because its incident is resolved. */
export type ResolvedRunAnswer = 'reopen' | 'anyway' | 'follow-up' | 'cancel';

export interface ExecutionSlice {
  /** A step waiting for the responder's confirmation; nothing has been sent. */
  pendingConfirmation: PendingRun | null;
  /** A run main refused because the incident is resolved: the responder is asked what to do. */
  resolvedRun: { pending: PendingRun; confirmation: string | undefined } | null;
  answerResolvedRun(answer: ResolvedRunAnswer): Promise<void>;
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

  async function send(pending: PendingRun, confirmation?: string, afterResolved = false): Promise<void> {
    const runbook = get().selectedRunbook;
    const sessionId = get().activeSessionId;
    if (!runbook || !sessionId) {
      get().notify('No terminal session is running yet.', 'error');
      return;
    }
    // Asked from other text than the one open now (the runbook was edited, removed or switched meanwhile): the step
    // id would name another command than the one shown when the responder said yes.
    if (!isSeenText(runbook, pending)) {
      get().notify('The runbook changed while the step waited for you, so nothing was run. Look at the step again and run it from there.', 'error');
      return;
    }
    const choice = {
      runbookId: runbook.id,
      stepId: pending.step.id,
      sessionId,
      profile: effectiveProfile(get(), runbook),
      params: paramOverrides(get(), runbook.id),
      seenContentHash: pending.contentHash,
      ...(confirmation !== undefined ? { confirmation } : {}),
      ...(afterResolved ? { afterResolved } : {}),
    };
    try {
      if (pending.mode === 'rollback') await call('step:rollback', choice);
      else await call('step:run', choice);
    } catch (error) {
      // A resolved incident: nothing was sent; ask rather than log into it without a word.
      if (error instanceof ContractCallError && error.error.details?.includes(INCIDENT_RESOLVED)) set({ resolvedRun: { pending, confirmation } });
      else get().reportError(error);
    }
  }

  return {
    pendingConfirmation: null,
    resolvedRun: null,
    async answerResolvedRun(answer) {
      const asked = get().resolvedRun;
      set({ resolvedRun: null });
      if (!asked || answer === 'cancel') return;
      if (answer === 'follow-up') {
        get().openRecordDialog('declare', { declareKind: 'incident' });
        get().notify('Declare the follow-up incident, then run the step again: it records there.', 'info');
        return;
      }
      if (answer === 'reopen') await get().setIncidentStatus('investigating');
      await send(asked.pending, asked.confirmation, answer === 'anyway');
    },
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
      const pending: PendingRun = { step, mode, ...seenText(runbook) };
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
