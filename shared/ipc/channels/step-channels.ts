import { z } from 'zod';
import { Id } from './schema-parts';

/** Channels that run runbook steps. */
export const stepRequests = {
  /** Send one runbook step into a session. Logged before it is sent. */
  'step:run': {
    request: z.object({ runbookId: Id, stepId: Id, sessionId: Id }).strict(),
    response: z.object({ runId: z.string() }),
  },
} as const;

export const stepEvents = {} as const;
