import { z } from 'zod';

/**
 * Whether a session's shell reports its commands (OSC 633 marks): 'pending'
 * until the first mark or the grace period, 'active' once marks arrive,
 * 'unavailable' when the shell has no integration (sh, an old bash) — then
 * commands are logged as sent, with exit code unknown.
 */
export const ShellIntegrationStateSchema = z.enum(['pending', 'active', 'unavailable']);
export type ShellIntegrationState = z.infer<typeof ShellIntegrationStateSchema>;

/** A live shell session on a real pty in main. */
export const TerminalSessionSchema = z.object({
  id: z.string(),
  /** The incident (or drill) whose record this session's commands go to; null until it records anything. */
  incidentId: z.string().nullable(),
  /** Path of the shell executable. */
  shell: z.string(),
  /** bash, zsh, posix-sh, fish, powershell, cmd or unknown. */
  shellKind: z.string(),
  pid: z.number().int(),
  /** Last working directory the shell reported (the start directory until integration reports one). */
  cwd: z.string(),
  cols: z.number().int(),
  rows: z.number().int(),
  state: z.enum(['running', 'exited']),
  exitCode: z.number().int().nullable(),
  /** Signal number that ended the shell (e.g. 9 when killed from outside), else null. */
  signal: z.number().int().nullable(),
  /** Why the session ended, in words for its tab (killed from outside, exited right after starting...); null while running. */
  endMessage: z.string().nullable(),
  integration: ShellIntegrationStateSchema,
  /** Why integration is unavailable, in words for the session's tab; null otherwise. */
  integrationNote: z.string().nullable(),
  /** True while a command (typed or a step) is running, as far as the marks tell. */
  busy: z.boolean(),
  /** How many times this session's shell was started (1, then 2 after a restart...). */
  generation: z.number().int().min(1),
  /** ISO-8601 time the current shell was started. */
  startedAt: z.string(),
});
export type TerminalSession = z.infer<typeof TerminalSessionSchema>;

/** A shell the user may open a session with. */
export const AvailableShellSchema = z.object({
  /** Executable path; pass it as `shell` to terminal:open. */
  path: z.string(),
  /** Display name, e.g. "zsh". */
  name: z.string(),
  kind: z.string(),
  /** Whether Firebreak can read exit codes from it. */
  integrated: z.boolean(),
  /** The user's own shell ($SHELL): the default. */
  isDefault: z.boolean(),
});
export type AvailableShell = z.infer<typeof AvailableShellSchema>;

/** One command a session ran, as the shell integration reported it (for UI decorations). */
export const TerminalCommandSchema = z.object({
  sequence: z.number().int(),
  commandLine: z.string(),
  origin: z.enum(['engine', 'manual']),
  runId: z.string().nullable(),
  cwd: z.string().nullable(),
  state: z.enum(['running', 'finished', 'sessionEnded']),
  exitCode: z.number().int().nullable(),
  /** Epoch milliseconds. */
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type TerminalCommand = z.infer<typeof TerminalCommandSchema>;
