import { z } from 'zod';
import { Id } from './schema-parts';
import { StepRunStateSchema, StepRunStatusSchema } from '../../model/step-run';

export { StepRunStateSchema, StepRunStatusSchema, type StepRunState, type StepRunStatus } from '../../model/step-run';

/** Param values typed in the form; they win over the profile and the defaults. */
const ParamOverrides = z.record(z.string().max(200), z.string().max(64 * 1024)).refine((record) => Object.keys(record).length <= 200, 'too many params');
/** The params a run uses: a profile name and/or overrides. */
const ParamChoice = {
  profile: z.string().max(200).nullable().optional(),
  params: ParamOverrides.optional(),
};
/** The content hash of the runbook text the responder saw: refused if the runbook changed since, so nothing runs that nobody saw. */
const SeenText = { seenContentHash: z.string().max(200).optional() };
/** "yes" for a click confirmation, the word typed for a typed one. */
const Confirmation = z.string().max(64 * 1024).optional();

/**
 * What a step needs before it runs, as shared/runbook/confirmation.ts works it
 * out (secret words are masked; `param` names the param whose value is meant;
 * `blocked`: it cannot be confirmed as things stand, `reason` says why).
 */
export const ConfirmationRequirementSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('click') }),
  z.object({ kind: z.literal('word'), word: z.string(), param: z.string().nullable(), secret: z.boolean() }),
  z.object({ kind: z.literal('blocked'), param: z.string().nullable(), reason: z.string() }),
]);

/** One entry of a plan: what Run all (or the CLI) will run, in order. */
export const PlannedStepSchema = z.object({
  stepId: z.string(),
  title: z.string(),
  /** The step's code exactly as it will run. */
  command: z.string(),
  destructive: z.boolean(),
  confirmation: ConfirmationRequirementSchema,
  timeoutMs: z.number().nullable(),
  continueOnError: z.boolean(),
});

/** Channels that run runbook steps. Every run is gated in main: runbook errors, trust, params, confirmation. */
export const stepRequests = {
  /**
   * Run one step (also: rerun). Resolves once the command was sent (after
   * 'step.started' is committed); the outcome arrives as step:state events.
   * 'forbidden' without the required confirmation, for a runbook with
   * errors, or one the trust gate refuses; 'bad_request' for invalid params
   * (details: one "NAME: problem" per param, never the value); 'conflict'
   * when the session has ended or is busy.
   */
  'step:run': {
    request: z
      .object({
        runbookId: Id,
        stepId: Id,
        sessionId: Id,
        ...ParamChoice,
        ...SeenText,
        confirmation: Confirmation,
        /** Send even though the shell is running a program (an ssh hop): typed, untracked, exit code unknown. */
        intoRunningProgram: z.boolean().optional(),
        /** Record into the incident although it is resolved (refused otherwise, with the detail 'incident-resolved'). */
        afterResolved: z.boolean().optional(),
      })
      .strict(),
    response: z.object({ runId: z.string(), state: StepRunStateSchema }),
  },
  /** Run the rollback of `stepId` (its `rollback` target), gated like any step by the target's own confirm. */
  'step:rollback': {
    request: z.object({ runbookId: Id, stepId: Id, sessionId: Id, ...ParamChoice, ...SeenText, confirmation: Confirmation, afterResolved: z.boolean().optional() }).strict(),
    response: z.object({ runId: z.string(), state: StepRunStateSchema, rollbackStepId: z.string() }),
  },
  /**
   * Exactly what Run all would run, in order (shared/runbook/run-plan.ts:
   * never an interactive step; an excludeFromRunAll step only when named in
   * `stepIds`), with each step's confirmation; `skipped` says why the others
   * are left out. `stepIds` limits the plan to those steps.
   */
  'step:plan': {
    request: z.object({ runbookId: Id, stepIds: z.array(Id).max(1000).optional(), ...ParamChoice }).strict(),
    response: z.object({
      steps: z.array(PlannedStepSchema),
      skipped: z.array(z.object({ stepId: z.string(), title: z.string(), reason: z.string() })),
      /** Param name → problem; the run is refused while any is present. */
      paramErrors: z.record(z.string(), z.string()),
      production: z.boolean(),
    }),
  },
  /**
   * Run all: the plan's steps in order in one session, stopping at the first
   * step that does not pass unless it has continueOnError. `confirmations`
   * holds each gated step's confirmation by step id, all given up front after
   * the plan was shown; a missing one refuses the whole batch before anything runs.
   */
  'step:runAll': {
    request: z
      .object({
        runbookId: Id,
        sessionId: Id,
        stepIds: z.array(Id).max(1000).optional(),
        ...ParamChoice,
        ...SeenText,
        confirmations: z.record(z.string().max(200), z.string().max(64 * 1024)).optional(),
        afterResolved: z.boolean().optional(),
      })
      .strict(),
    response: z.object({ batchId: z.string(), stepIds: z.array(z.string()) }),
  },
  /** Cancel a run (SIGINT to its foreground job, then SIGTERM and SIGKILL to every process it started; its step:state 'cancelled' comes once they are gone), or a whole Run all by batchId. */
  'step:cancel': {
    request: z.object({ runId: Id.optional(), batchId: Id.optional() }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  /**
   * What Run would send, without running: the exact code, the file the shell
   * sources (secrets masked) and the environment (secrets masked). With
   * `sessionId`, `sentLine` is exactly the line a run of the step in that
   * session types (the confirm dialog shows it).
   */
  'step:dryRun': {
    request: z.object({ runbookId: Id, stepId: Id, sessionId: Id.optional(), ...ParamChoice }).strict(),
    response: z.object({
      stepId: z.string(),
      command: z.string(),
      /** The line typed into the shell. */
      sentLine: z.string(),
      /** The file that line sources, secrets masked. */
      script: z.string(),
      env: z.record(z.string(), z.string()),
      cwd: z.string().nullable(),
      confirmation: ConfirmationRequirementSchema,
      paramErrors: z.record(z.string(), z.string()),
    }),
  },
  /** Recent and running runs (for a reloaded window), newest last. */
  'step:list': {
    request: z.object({}).strict(),
    response: z.array(StepRunStatusSchema),
  },
} as const;

export const stepEvents = {
  /** A run changed state: queued → running → passed | failed | cancelled | unknown. */
  'step:state': StepRunStatusSchema,
  /** A Run all changed: started, moved to the next step, finished or stopped. */
  'step:batch': z.object({
    batchId: z.string(),
    runbookId: z.string(),
    sessionId: z.string(),
    stepIds: z.array(z.string()),
    state: z.enum(['running', 'passed', 'stopped', 'cancelled']),
    currentStepId: z.string().nullable(),
    message: z.string().nullable(),
  }),
} as const;
