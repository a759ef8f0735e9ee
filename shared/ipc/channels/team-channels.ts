import { z } from 'zod';
import { TeamConnectionSchema, TeamInviteSchema } from '../../model/team-connection';
import { OpenedInviteSchema } from '../../model/opened-link';
import { TeamIncidentSummarySchema } from '../../model/team-incident';
import { TeamSyncStatusSchema } from '../../model/team-sync-status';
import { MAX_SHARE_OUTPUT_CAP_BYTES } from '../../team/output-sharing';
import { Empty, Id } from './schema-parts';

export { TeamSyncStatusSchema, type TeamSyncStatus } from '../../model/team-sync-status';
export { TeamConnectionSchema, TeamInviteSchema, type TeamConnection, type TeamInvite } from '../../model/team-connection';

const OutputSharingSchema = z.object({ enabled: z.boolean(), capBytes: z.number().int().positive() });

export const PresentResponderSchema = z.object({ installId: z.string(), displayName: z.string(), seenAt: z.string() });

// ── The Team panel: connect, share and join from the app (issue 14) ──
// Kept together, apart from the channels above, so that other additions to
// this file (full output sharing) merge without touching these lines.

export const teamPanelRequests = {
  'team:connection': { request: Empty, response: TeamConnectionSchema },
  /**
   * Checks the server (reachable, schema, membership of `team`) with the
   * password given (or the stored one, or .pgpass), then stores URL, team and
   * display name (and the password, sealed) and restarts the live sync.
   */
  'team:connect': {
    request: z
      .object({
        url: z.string().min(1).max(2000),
        team: z.string().trim().min(1).max(200),
        displayName: z.string().trim().max(200).optional(),
        password: z.string().min(1).max(1000).optional(),
      })
      .strict(),
    response: TeamConnectionSchema,
  },
  /** Events on the server not pulled yet, over the shared incidents; null when the server cannot be reached. */
  'team:lag': { request: Empty, response: z.object({ lag: z.number().int().min(0).nullable() }).strict() },
  /** The invite of a shared incident; null when it is not shared. */
  'team:invite': { request: z.object({ incidentId: Id }).strict(), response: TeamInviteSchema.nullable() },
  /** Shares a local incident with the connected team (idempotent: a shared one keeps its code). */
  'team:share': { request: z.object({ incidentId: Id }).strict(), response: TeamInviteSchema },
  /** Joins by invite code or firebreak://join/ link: pulled to the end and made the active incident. */
  'team:join': {
    request: z.object({ invite: z.string().trim().min(1).max(500) }).strict(),
    response: z.object({ incidentId: Id, title: z.string(), pulled: z.number().int().min(0) }).strict(),
  },
} as const;

/** Channels of the team's shared record (docs/team-sync.md). */
export const teamRequests = {
  ...teamPanelRequests,
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
    response: OutputSharingSchema,
  },
  /** The incident's output sharing in force (the last 'output.sharing' by clock; off with the 5 MiB cap when none), for the Team panel's toggle. */
  'team:output-sharing': { request: z.object({ incidentId: Id }).strict(), response: OutputSharingSchema },
  /**
   * The team's incidents whose title or events match (PostgreSQL full-text
   * search on the team server, as `firebreak incidents --team`), newest
   * first; null when no team is connected or the server cannot be reached.
   */
  'team:search': {
    request: z.object({ text: z.string().max(500) }).strict(),
    response: z.array(TeamIncidentSummarySchema).nullable(),
  },
} as const;

export const teamEvents = {
  'team:status': TeamSyncStatusSchema,
  /** An invite link arrived (firebreak://join/CODE, /open?join=CODE): the page opens the Team panel with the code in Join. */
  'team:invite-opened': OpenedInviteSchema,
} as const;
