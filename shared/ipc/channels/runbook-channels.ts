import { z } from 'zod';
import { RunbookSchema, RunbookSummarySchema } from '../../model/runbook';
import { Empty, Id } from './schema-parts';

/** Channels of the runbook library. */
export const runbookRequests = {
  /** Every runbook in the library, including ones with errors (never hidden). */
  'runbooks:list': {
    request: Empty,
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
} as const;

export const runbookEvents = {
  /** The runbook library changed on disk. */
  'runbooks:changed': z.object({}),
} as const;
