import { z } from 'zod';
import { TeamSyncStatusSchema } from '../../model/team-sync-status';
import { Empty, Id } from './schema-parts';

export { TeamSyncStatusSchema, type TeamSyncStatus } from '../../model/team-sync-status';

export const PresentResponderSchema = z.object({ installId: z.string(), displayName: z.string(), seenAt: z.string() });

/** Channels of the team's shared record (docs/team-sync.md). */
export const teamRequests = {
  'team:status': { request: Empty, response: TeamSyncStatusSchema },
  /** Who is on a shared incident now (empty when it is not shared or the server is unreachable). */
  'team:presence': { request: z.object({ incidentId: Id }).strict(), response: z.array(PresentResponderSchema) },
  /** Keeps the team database password sealed by the OS keychain (desktop app only; never in clear). */
  'team:set-password': { request: z.object({ password: z.string().min(1).max(1000) }).strict(), response: z.object({}).strict() },
} as const;

export const teamEvents = {
  'team:status': TeamSyncStatusSchema,
} as const;
