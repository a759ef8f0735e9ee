import { z } from 'zod';
import { TeamSyncStatusSchema } from '../../model/team-sync-status';
import { MAX_SHARE_OUTPUT_CAP_BYTES } from '../../team/output-sharing';
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
  /**
   * Turns sharing of an incident's full terminal output with the team on or
   * off (off by default: only each run's excerpt leaves the machine), with a
   * cap per run (default 5 MiB). Records 'output.sharing'; redaction always
   * runs before output is sent.
   */
  'team:share-output': {
    request: z.object({ incidentId: Id, enabled: z.boolean(), capBytes: z.number().int().positive().max(MAX_SHARE_OUTPUT_CAP_BYTES).optional() }).strict(),
    response: z.object({ enabled: z.boolean(), capBytes: z.number().int().positive() }),
  },
} as const;

export const teamEvents = {
  'team:status': TeamSyncStatusSchema,
} as const;
