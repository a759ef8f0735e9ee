import { z } from 'zod';
import { TerminalSessionSchema } from '../../model/terminal';
import { Cols, Empty, Id, Rows } from './schema-parts';

/** Channels of the shell sessions. */
export const terminalRequests = {
  /** Start a shell session on a real pty. */
  'terminal:open': {
    request: z.object({ cols: Cols, rows: Rows }).strict(),
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
  /** A session's shell has exited. */
  'terminal:exit': z.object({ sessionId: z.string(), exitCode: z.number().int().nullable(), signal: z.number().int().nullable() }),
} as const;
