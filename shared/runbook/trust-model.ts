import { z } from 'zod';
import { DiagnosticSchema } from '../model/diagnostic';
import { RunbookOriginSchema, StepConfirmSchema } from '../model/runbook';

/**
 * Whether a runbook's steps may run as far as trust goes:
 * `bundled` ships with Firebreak; `trusted` was reviewed by the user at this
 * exact content; `untrusted` was never reviewed; `changed` was reviewed, but
 * the file has changed since, so it must be reviewed again.
 */
export const TrustStateSchema = z.enum(['bundled', 'trusted', 'untrusted', 'changed']);
export type TrustState = z.infer<typeof TrustStateSchema>;

/** A runbook's trust state and, when the user decided, who decided and when. */
export const TrustStatusSchema = z.object({
  state: TrustStateSchema,
  /** UTC ISO-8601 of the last grant for this file (also for `changed`). */
  grantedAt: z.string().optional(),
  grantedBy: z.string().optional(),
  /** The content hash that was trusted (differs from the current one when `changed`). */
  trustedHash: z.string().optional(),
});
export type TrustStatus = z.infer<typeof TrustStatusSchema>;

/** One command the user must read before trusting a runbook. */
export const ReviewCommandSchema = z.object({
  stepId: z.string(),
  title: z.string(),
  language: z.string(),
  /** 1-based line of the opening fence, and of the closing fence. */
  lineStart: z.number().int(),
  lineEnd: z.number().int(),
  /** Exactly what would be typed into the shell. */
  code: z.string(),
  destructive: z.boolean(),
  confirm: StepConfirmSchema,
  interactive: z.boolean(),
  cwd: z.string().optional(),
  shell: z.string().optional(),
  /** The program the code is given to instead of the shell (`interpreter`). */
  interpreter: z.string().optional(),
  /** Started without waiting for it (`background`). */
  background: z.boolean().optional(),
});
export type ReviewCommand = z.infer<typeof ReviewCommandSchema>;

/**
 * A parameter as it reaches the shell: an environment variable, so its
 * values (default and per profile) are part of what the user trusts.
 */
export const ReviewParamSchema = z.object({
  name: z.string(),
  line: z.number().int(),
  default: z.string().optional(),
  /** Profile name → value. */
  profileValues: z.record(z.string(), z.string()),
  secret: z.boolean(),
});
export type ReviewParam = z.infer<typeof ReviewParamSchema>;

/** Everything the trust dialog shows; granting trust must send back `contentHash`. */
export const TrustReviewSchema = z.object({
  runbookId: z.string(),
  title: z.string(),
  path: z.string(),
  origin: RunbookOriginSchema,
  /** SHA-256 of the file as reviewed; the grant is bound to it. */
  contentHash: z.string(),
  trust: TrustStatusSchema,
  commands: z.array(ReviewCommandSchema),
  params: z.array(ReviewParamSchema),
  /** Error diagnostics: a runbook with errors does not run even when trusted. */
  errors: z.array(DiagnosticSchema),
});
export type TrustReview = z.infer<typeof TrustReviewSchema>;
