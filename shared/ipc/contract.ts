import { z } from 'zod';
import { RunbookSchema, RunbookSummarySchema } from '../model/runbook';
import { IncidentSchema, TimelineEventSchema } from '../model/timeline';
import { TerminalSessionSchema } from '../model/terminal';

/**
 * The one IPC contract between main and renderer. Every request channel and
 * every main→renderer event is declared here, once, with a zod schema.
 * Main validates each request payload before its handler runs; the preload
 * and the browser host expose exactly these names and nothing else.
 */

const Id = z.string().min(1).max(200);
/** Terminal geometry is bounded so a hostile payload cannot ask node-pty for a huge buffer. */
const Cols = z.number().int().min(2).max(1000);
const Rows = z.number().int().min(1).max(500);

export const requestChannels = {
  /** Version, where data lives, which host is serving, and start-up warnings. */
  'app:info': {
    request: z.object({}).strict(),
    response: z.object({
      version: z.string(),
      host: z.enum(['electron', 'browser']),
      dataDir: z.string(),
      databasePath: z.string(),
      runbookDirs: z.array(z.string()),
      user: z.string(),
      platform: z.string(),
      /** Problems found at start-up the user must know about (e.g. database moved aside). */
      warnings: z.array(z.string()),
    }),
  },
  /** Every runbook in the library, including ones with errors (never hidden). */
  'runbooks:list': {
    request: z.object({}).strict(),
    response: z.object({
      runbooks: z.array(RunbookSummarySchema),
      /** Library-level problems, e.g. a missing runbooks folder. */
      problems: z.array(z.string()),
    }),
  },
  /** One runbook with its source, steps and diagnostics. Opening runs nothing. */
  'runbooks:get': {
    request: z.object({ id: Id }).strict(),
    response: RunbookSchema,
  },
  /** Start a shell session on a real pty. */
  'terminal:open': {
    request: z.object({ cols: Cols, rows: Rows }).strict(),
    response: TerminalSessionSchema,
  },
  /** Sessions that exist now, running or ended. */
  'terminal:list': {
    request: z.object({}).strict(),
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
  /** Send one runbook step into a session. Logged before it is sent. */
  'step:run': {
    request: z.object({ runbookId: Id, stepId: Id, sessionId: Id }).strict(),
    response: z.object({ runId: z.string() }),
  },
  /** The active incident (created on first use) or the one asked for. */
  'incident:current': {
    request: z.object({}).strict(),
    response: IncidentSchema,
  },
  /** Timeline events of an incident, oldest first, after a sequence number. */
  'timeline:list': {
    request: z
      .object({
        incidentId: Id,
        afterSeq: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(1000),
      })
      .strict(),
    response: z.array(TimelineEventSchema),
  },
} as const;

export const eventChannels = {
  /** Pty output for the terminal, batched in main. */
  'terminal:output': z.object({ sessionId: z.string(), data: z.string() }),
  /** A session's shell has exited. */
  'terminal:exit': z.object({ sessionId: z.string(), exitCode: z.number().int().nullable(), signal: z.number().int().nullable() }),
  /** An event was committed to the timeline (only after the commit). */
  'timeline:appended': TimelineEventSchema,
  /** The runbook library changed on disk. */
  'runbooks:changed': z.object({}),
} as const;

export type RequestChannel = keyof typeof requestChannels;
export type EventChannel = keyof typeof eventChannels;
/** What a caller passes (defaults may be omitted). */
export type RequestOf<C extends RequestChannel> = z.input<(typeof requestChannels)[C]['request']>;
/** What a handler receives after validation (defaults filled in). */
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requestChannels)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requestChannels)[C]['response']>;
export type EventOf<E extends EventChannel> = z.output<(typeof eventChannels)[E]>;

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestChannels, name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(eventChannels, name);
}

/** The prefix every Electron IPC channel carries, so stray channels are easy to refuse. */
export const IPC_PREFIX = 'firebreak:';
