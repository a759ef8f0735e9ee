import { z } from 'zod';

/** The sync indicator: synced / N pending / offline since …; `connected` false when no team is set up. */
export const TeamSyncStatusSchema = z.object({
  connected: z.boolean(),
  team: z.string().nullable(),
  state: z.enum(['connecting', 'synced', 'pending', 'offline']),
  pending: z.number().int().min(0),
  offlineSince: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type TeamSyncStatus = z.infer<typeof TeamSyncStatusSchema>;
