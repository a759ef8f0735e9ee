import { z } from 'zod';
import { Id } from './schema-parts';

/** Manual checklist items (`- [ ]` in a runbook), ticked by the responder and logged. */
export const checklistRequests = {
  /** Tick or untick one item; recorded as a 'checklist.ticked' timeline event. */
  'checklist:tick': {
    request: z.object({ runbookId: Id, itemId: Id, checked: z.boolean(), incidentId: Id.optional() }).strict(),
    response: z.object({}),
  },
} as const;

export const checklistEvents = {} as const;
