import { z } from 'zod';

/** A problem found in a runbook, pointing at the exact place a person must look. */
export const DiagnosticSchema = z.object({
  file: z.string(),
  /** 1-based line. */
  line: z.number().int().min(1),
  /** 1-based column. */
  column: z.number().int().min(1),
  severity: z.enum(['error', 'warning']),
  /** Stable rule id, e.g. `duplicate-step-id`. */
  rule: z.string(),
  message: z.string(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;
