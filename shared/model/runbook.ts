import { z } from 'zod';
import { DiagnosticSchema } from './diagnostic';

/**
 * Where a runbook came from. Bundled runbooks ship with Firebreak and are
 * trusted; runbooks from folders the user adds need a trust decision.
 */
export const RunbookOriginSchema = z.enum(['bundled', 'user']);
export type RunbookOrigin = z.infer<typeof RunbookOriginSchema>;

/** Attributes a step may carry in its fence info string (see docs/runbook-format.md). */
export const StepAttributesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type StepAttributes = z.infer<typeof StepAttributesSchema>;

/** One runnable shell code block. */
export const StepSchema = z.object({
  /** Stable across edits that do not touch the step. */
  id: z.string(),
  title: z.string(),
  /** Fence language, e.g. `bash`. */
  language: z.string(),
  /** The exact command text sent to the shell. */
  code: z.string(),
  /** 1-based first line of the fence (the ``` line). */
  lineStart: z.number().int(),
  /** 1-based last line of the fence. */
  lineEnd: z.number().int(),
  /** Headings enclosing the step, outermost first. */
  sectionPath: z.array(z.string()),
  attributes: StepAttributesSchema,
});
export type Step = z.infer<typeof StepSchema>;

/** What the library list shows for a runbook, without its body. */
export const RunbookSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  path: z.string(),
  origin: RunbookOriginSchema,
  severity: z.string().optional(),
  tags: z.array(z.string()),
  services: z.array(z.string()),
  stepCount: z.number().int(),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
});
export type RunbookSummary = z.infer<typeof RunbookSummarySchema>;

/** A parsed runbook: its source, its steps and whatever is wrong with it. */
export const RunbookSchema = RunbookSummarySchema.extend({
  /** The Markdown exactly as read from disk. */
  source: z.string(),
  /** SHA-256 of the source, hex. Trust and snapshots bind to it. */
  contentHash: z.string(),
  frontMatter: z.record(z.string(), z.unknown()),
  /** 1-based line where the Markdown body starts, after any front matter. */
  bodyStartLine: z.number().int().min(1),
  steps: z.array(StepSchema),
  diagnostics: z.array(DiagnosticSchema),
});
export type Runbook = z.infer<typeof RunbookSchema>;
