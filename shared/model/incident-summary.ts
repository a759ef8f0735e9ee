import { z } from 'zod';
import { IncidentMetadataSchema } from '../export/incident-record';

/** Time-to-X figures in ms (see shared/model/incident-durations.ts); null while unknown. */
export const IncidentDurationsSchema = z.object({
  timeToAcknowledgeMs: z.number().nullable(),
  timeToMitigateMs: z.number().nullable(),
  timeToResolveMs: z.number().nullable(),
  /** The incident clock: started → resolved, or → now while open. */
  elapsedMs: z.number().nullable(),
});

/** An incident as the UI shows it: metadata, whether it is the active one, and its figures at `asOf`. */
export const IncidentSummarySchema = IncidentMetadataSchema.extend({
  active: z.boolean(),
  durations: IncidentDurationsSchema,
  /** When the durations were computed (UTC). The UI ticks the clock from here. */
  asOf: z.string(),
});
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;
