import { z } from 'zod';

/** Where a step run is. 'unknown': sent to a shell without integration, so its exit code cannot be known. */
export const StepRunStateSchema = z.enum(['queued', 'running', 'passed', 'failed', 'cancelled', 'unknown']);
export type StepRunState = z.infer<typeof StepRunStateSchema>;

/**
 * Whether a run met its runbook's `expect`: `passed` is null when nothing
 * could be judged (exit code unknown). `allowed` is set when the run passed
 * with an exit code other than 0 that the runbook allows (`expect=0,6`), so
 * the screen and the record can say so instead of a bare "passed".
 */
export const ExpectVerdictSchema = z.object({
  passed: z.boolean().nullable(),
  description: z.string(),
});
export type ExpectVerdict = z.infer<typeof ExpectVerdictSchema>;

/** The live state of one run, as the step card shows it. */
export const StepRunStatusSchema = z.object({
  runId: z.string(),
  /** The incident (or drill) the run records into: fixed when the run starts. */
  incidentId: z.string(),
  /** Set when the run is part of a Run all. */
  batchId: z.string().nullable(),
  runbookId: z.string(),
  stepId: z.string(),
  sessionId: z.string(),
  state: StepRunStateSchema,
  exitCode: z.number().int().nullable(),
  /** Epoch ms when sent, null while queued. */
  startedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  expect: ExpectVerdictSchema.nullable(),
  /** Why it failed, was cancelled or is unknown, in words. */
  message: z.string().nullable(),
  /** The step this run rolls back, when it is a rollback. */
  rollbackOf: z.string().nullable(),
  /**
   * What of this run could not be written to the incident record (a full
   * disk, an I/O error), in words; null when the record has all of it.
   */
  recordProblem: z.string().nullable().default(null),
});
export type StepRunStatus = z.infer<typeof StepRunStatusSchema>;
