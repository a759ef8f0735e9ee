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

/**
 * What marks a step passed (`expect` attribute). `exitCode: null` means any
 * exit code; `output` is a regex the step's output (escape sequences
 * removed) must match.
 */
export const StepExpectSchema = z.object({
  exitCode: z.number().int().min(0).max(255).nullable(),
  output: z.object({ source: z.string(), flags: z.string() }).optional(),
});
export type StepExpect = z.infer<typeof StepExpectSchema>;

/**
 * How a step asks before it runs: `false` never asks, `true` asks for a
 * click, a string is a word the responder must type. A string starting with
 * `$` names a param whose current value must be typed.
 */
export const StepConfirmSchema = z.union([z.boolean(), z.string().min(1)]);
export type StepConfirm = z.infer<typeof StepConfirmSchema>;

/** One runnable code block: shell, or another language run through its interpreter. */
export const StepSchema = z.object({
  /** Stable across edits that do not touch the step. */
  id: z.string(),
  title: z.string(),
  /** Runme's `name`: the step's title and a `--step` handle; any text (it need not be an id). */
  name: z.string().optional(),
  /** Fence language, lower case, e.g. `bash`; '' for a block with only a shebang or an interpreter. */
  language: z.string(),
  /** The exact code that runs: the block's text with shell `$ ` prompts removed, as Runme does. */
  code: z.string(),
  /** 1-based first line of the fence (the ``` line). */
  lineStart: z.number().int(),
  /** 1-based last line of the fence. */
  lineEnd: z.number().int(),
  /** Headings enclosing the step, outermost first. */
  sectionPath: z.array(z.string()),
  /** Attributes exactly as written in the fence (both syntaxes), for display. */
  attributes: StepAttributesSchema,
  /** True when the id came from `id` or `name`, false when it was generated from the code. */
  explicitId: z.boolean(),
  confirm: StepConfirmSchema,
  destructive: z.boolean(),
  /** Milliseconds, or null for no limit. */
  timeoutMs: z.number().int().positive().nullable(),
  cwd: z.string().optional(),
  shell: z.string().optional(),
  expect: StepExpectSchema.optional(),
  continueOnError: z.boolean(),
  /** Id of the step that undoes this one. */
  rollback: z.string().optional(),
  /** Does not end on its own (`tail -f`); Run all never runs it. */
  interactive: z.boolean(),
  excludeFromRunAll: z.boolean(),
  /** Started without waiting for it to end (a server, a watcher); Run all goes on at once. */
  background: z.boolean(),
  /** Program (with arguments) the code file is given to, instead of the language's default. */
  interpreter: z.string().optional(),
  /** Runme `category`/`tag` values (the document's when the block has none), for `firebreak run --category`. */
  categories: z.array(z.string()),
});
export type Step = z.infer<typeof StepSchema>;

/** A `- [ ]` task-list item: a manual step the responder ticks. */
export const ChecklistItemSchema = z.object({
  id: z.string(),
  text: z.string(),
  /** Ticked in the source (`- [x]`); run state is kept elsewhere. */
  checkedInSource: z.boolean(),
  /** 1-based line of the item. */
  line: z.number().int().min(1),
  sectionPath: z.array(z.string()),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

/** A parameter, exported to the shell session as an environment variable. */
export const RunbookParamSchema = z.object({
  /** UPPER_SNAKE. */
  name: z.string(),
  description: z.string(),
  default: z.string().optional(),
  required: z.boolean(),
  choices: z.array(z.string()).optional(),
  /** Regex source the whole value must match (wrapped as `^(?:…)$`). */
  pattern: z.string().optional(),
  /** Typed by the responder, masked, never stored or exported in clear. */
  secret: z.boolean(),
  /** 1-based line of its definition in the front matter (or of the step line it came from). */
  line: z.number().int().min(1),
  /** Id of the step whose `export NAME=value` line made this param (Runme's promptEnv); absent for declared params. */
  fromStep: z.string().optional(),
  /** `from_label`: the alert label this param is filled from when the runbook is opened from an alert (shared/alerts). */
  fromLabel: z.object({ label: z.string(), transform: z.enum(['strip_port', 'host', 'lower']).optional() }).optional(),
});
export type RunbookParam = z.infer<typeof RunbookParamSchema>;

/** A named set of param values, e.g. `staging`, `production`, `drill`. */
export const RunbookProfileSchema = z.object({
  name: z.string(),
  description: z.string(),
  /** Production profiles are marked clearly in the UI. */
  production: z.boolean(),
  values: z.record(z.string(), z.string()),
  line: z.number().int().min(1),
});
export type RunbookProfile = z.infer<typeof RunbookProfileSchema>;

/** A heading, for the table of contents. */
export const RunbookHeadingSchema = z.object({
  level: z.number().int().min(1).max(6),
  text: z.string(),
  line: z.number().int().min(1),
});
export type RunbookHeading = z.infer<typeof RunbookHeadingSchema>;


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
  checklist: z.array(ChecklistItemSchema),
  params: z.array(RunbookParamSchema),
  profiles: z.array(RunbookProfileSchema),
  headings: z.array(RunbookHeadingSchema),
  diagnostics: z.array(DiagnosticSchema),
});
export type Runbook = z.infer<typeof RunbookSchema>;
