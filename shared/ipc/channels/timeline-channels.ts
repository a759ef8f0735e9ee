import { z } from 'zod';
import { IncidentSchema, TimelineEventSchema } from '../../model/timeline';
import { Empty, Id } from './schema-parts';

/** Channels of the incident record. */
export const timelineRequests = {
  /** The active incident (created on first use). */
  'incident:current': {
    request: Empty,
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

export const timelineEvents = {
  /** An event was committed to the timeline (only after the commit). */
  'timeline:appended': TimelineEventSchema,
} as const;
