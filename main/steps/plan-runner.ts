import type { Runbook, Step } from '../../shared/model/runbook';
import type { StepRunStatus } from '../../shared/model/step-run';
import { confirmationFor, type Confirmation } from '../../shared/runbook/confirmation';
import { resolveParams } from '../../shared/runbook/params';

/** Who gave a step's confirmation, as the record keeps it (confirmation.given in shared/model/timeline.ts). */
export type ConfirmedBy = { by: 'person' } | { by: 'drill' } | { by: 'flag'; flag: string };

/** A confirmation's answer and who gave it: the record says which, so a flag never reads as a person typing. */
export interface ConfirmationAnswer {
  text: string;
  by: ConfirmedBy;
}

/**
 * Answers a step's confirmation as a batch reaches it: the answer to send
 * (undefined when none is needed), or a throw to stop the batch there
 * unconfirmed. The one thing the app, the CLI and drills do differently.
 */
export type ConfirmPolicy = (step: Step, confirmation: Confirmation) => ConfirmationAnswer | undefined | Promise<ConfirmationAnswer | undefined>;

/** The app: the responder gave every confirmation up front in the Run all dialog, by step id. */
export function confirmationsGivenUpFront(given: Readonly<Record<string, string>> | undefined): ConfirmPolicy {
  return (step) => {
    const text = given?.[step.id];
    return text === undefined ? undefined : { text, by: { by: 'person' } };
  };
}

/** Drills: every confirmation is given as the drill profile resolves it; it is a lab. */
export const confirmEverything: ConfirmPolicy = (_step, confirmation) => (confirmation.expected == null ? undefined : { text: confirmation.expected, by: { by: 'drill' } });

/** What the batch runner needs of the step runner: send a step, hear how it ended. */
export interface StepStarter {
  run(
    request: { runbookId: string; stepId: string; sessionId: string; profile?: string | null; params?: Record<string, string>; confirmation?: string; incidentId?: string; afterResolved?: boolean; seenContentHash?: string },
    context?: { batchId: string | null; confirmedBy?: ConfirmedBy },
  ): Promise<{ runId: string }>;
  whenDone(runId: string): Promise<StepRunStatus>;
}

export interface PlanRunRequest {
  runbook: Runbook;
  /** The plan's steps, in order (shared/runbook/run-plan.ts). */
  steps: readonly Step[];
  sessionId: string;
  profile?: string | null;
  params?: Record<string, string>;
  confirm: ConfirmPolicy;
  incidentId?: string;
  afterResolved?: boolean;
  /** Marks every run as part of this Run all (step:batch, the timeline); null for the CLI and drills. */
  batchId?: string | null;
  /** Asked before each step: true ends the batch as cancelled (a cancelled Run all, an ended drill). */
  stopped?: () => boolean;
  /** A step was confirmed and is about to be sent. */
  onStep?: (step: Step) => void;
  /** A step was sent (its run can be cancelled by id from now on). */
  onSent?: (step: Step, runId: string) => void;
  /** A step ended. */
  onDone?: (step: Step, status: StepRunStatus) => void;
}

/** How a batch ended. */
export type PlanEnd =
  /** Every step ran; one that may fail (continueOnError) did not stop it. */
  | { state: 'passed' }
  /** A step that may not fail failed (or its result is unknown). */
  | { state: 'stopped'; step: Step; status: StepRunStatus }
  /** A step was cancelled, or the batch was stopped before `step` (null: after the last). */
  | { state: 'cancelled'; step: Step | null }
  /** The policy refused to confirm `step`. */
  | { state: 'unconfirmed'; step: Step; error: Error }
  /** `step` could not be sent (refused by a gate, the session busy or gone). */
  | { state: 'not-started'; step: Step; error: Error };

export interface PlanRunResult {
  runs: StepRunStatus[];
  end: PlanEnd;
}

/**
 * The one batch runner: runs the plan's steps in order in one session
 * through the step runner (so every gate and every record is the single
 * step's), stopping at the first step that does not pass unless it may fail
 * (continueOnError), and at a cancel. Confirmations come from `confirm`.
 * Never throws for a step: how the batch ended is in the result.
 */
export async function runPlanInOrder(runner: StepStarter, request: PlanRunRequest): Promise<PlanRunResult> {
  const { runbook } = request;
  const resolved = resolveParams(runbook, request.profile, request.params);
  const runs: StepRunStatus[] = [];
  for (const step of request.steps) {
    if (request.stopped?.()) return { runs, end: { state: 'cancelled', step } };
    let confirmation: ConfirmationAnswer | undefined;
    try {
      const rule = confirmationFor(step, { params: runbook.params, values: resolved.values, profile: request.profile ?? null, production: resolved.production });
      confirmation = await request.confirm(step, rule);
    } catch (error) {
      return { runs, end: { state: 'unconfirmed', step, error: asError(error) } };
    }
    if (request.stopped?.()) return { runs, end: { state: 'cancelled', step } };
    request.onStep?.(step);
    let status: StepRunStatus;
    try {
      const { runId } = await runner.run(
        {
          runbookId: runbook.id,
          stepId: step.id,
          sessionId: request.sessionId,
          // The text planned: a step whose runbook changed on disk mid-way is refused, and the plan stops there.
          seenContentHash: runbook.contentHash,
          profile: request.profile ?? null,
          ...(request.params ? { params: request.params } : {}),
          ...(confirmation !== undefined ? { confirmation: confirmation.text } : {}),
          ...(request.incidentId ? { incidentId: request.incidentId } : {}),
          ...(request.afterResolved ? { afterResolved: true } : {}),
        },
        { batchId: request.batchId ?? null, ...(confirmation ? { confirmedBy: confirmation.by } : {}) },
      );
      request.onSent?.(step, runId);
      status = await runner.whenDone(runId);
    } catch (error) {
      return { runs, end: { state: 'not-started', step, error: asError(error) } };
    }
    runs.push(status);
    request.onDone?.(step, status);
    if (status.state === 'cancelled' || request.stopped?.()) return { runs, end: { state: 'cancelled', step } };
    if (status.state !== 'passed' && !step.continueOnError) return { runs, end: { state: 'stopped', step, status } };
  }
  return { runs, end: { state: 'passed' } };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
