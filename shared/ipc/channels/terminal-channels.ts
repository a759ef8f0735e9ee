import { z } from 'zod';
import { AvailableShellSchema, TerminalCommandSchema, TerminalSessionSchema } from '../../model/terminal';
import { Cols, Empty, Id, Rows } from './schema-parts';

/** Channels of the shell sessions. */
export const terminalRequests = {
  /**
   * Start a shell session on a real pty: the user's shell ($SHELL) as a login
   * interactive shell with shell integration, or `shell`, which must be the
   * `path` of one of terminal:shells.
   */
  'terminal:open': {
    request: z
      .object({
        cols: Cols,
        rows: Rows,
        shell: z.string().min(1).max(4096).optional(),
        /** The incident (or drill) the session records into for its whole life; default: the active one. */
        incidentId: Id.optional(),
      })
      .strict(),
    response: TerminalSessionSchema,
  },
  /** Shells on this machine the user may choose from (default first is the one with isDefault). */
  'terminal:shells': {
    request: Empty,
    response: z.array(AvailableShellSchema),
  },
  /** Start a new shell in an ended session; same id, generation + 1. 'conflict' if it is still running. */
  'terminal:restart': {
    request: z.object({ sessionId: Id }).strict(),
    response: TerminalSessionSchema,
  },
  /** Sessions that exist now, running or ended. */
  'terminal:list': {
    request: Empty,
    response: z.array(TerminalSessionSchema),
  },
  /**
   * (Re)attach a viewer to a session: resets flow control and returns the
   * recent output so a reloaded window shows what the shell already printed.
   */
  'terminal:attach': {
    request: z.object({ sessionId: Id }).strict(),
    response: z.object({ session: TerminalSessionSchema, replay: z.string() }),
  },
  /** Keystrokes typed by the responder. Capped so one message cannot flood the pty. */
  'terminal:input': {
    request: z.object({ sessionId: Id, data: z.string().max(64 * 1024) }).strict(),
    response: z.object({}),
  },
  'terminal:resize': {
    request: z.object({ sessionId: Id, cols: Cols, rows: Rows }).strict(),
    response: z.object({}),
  },
  /** Flow control: the renderer has drawn this many characters of output. */
  'terminal:ack': {
    request: z.object({ sessionId: Id, chars: z.number().int().min(0).max(1e9) }).strict(),
    response: z.object({}),
  },
  'terminal:close': {
    request: z.object({ sessionId: Id }).strict(),
    response: z.object({}),
  },
} as const;

export const terminalEvents = {
  /** Pty output for the terminal, batched in main. */
  'terminal:output': z.object({ sessionId: z.string(), data: z.string() }),
  /** A session's shell has exited (exitCode null when a signal ended it, e.g. 9 for kill -9 from outside). */
  'terminal:exit': z.object({ sessionId: z.string(), exitCode: z.number().int().nullable(), signal: z.number().int().nullable() }),
  /** A session changed: started, restarted, cwd, integration state, busy, ended. The whole session, to replace the UI's copy. */
  'terminal:session': TerminalSessionSchema,
  /** A command started or finished in a session (typed or a step), from the shell integration. */
  'terminal:command': z.object({ sessionId: z.string(), command: TerminalCommandSchema }),
} as const;
