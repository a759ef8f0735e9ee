import { z } from 'zod';

/** One of the team's incidents, as the team server lists it (row-level security decides which). */
export const TeamIncidentSummarySchema = z.object({
  id: z.string(),
  team: z.string(),
  title: z.string(),
  kind: z.string(),
  severity: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  inviteCode: z.string(),
  events: z.number().int().min(0),
  /** Events matching the search, when there was one. */
  matches: z.number().int().min(0).nullable(),
});
export type TeamIncidentSummary = z.infer<typeof TeamIncidentSummarySchema>;
