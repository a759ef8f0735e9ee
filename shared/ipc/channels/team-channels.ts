import { z } from 'zod';
import { Empty, Id } from './schema-parts';

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

export const PresentResponderSchema = z.object({ installId: z.string(), displayName: z.string(), seenAt: z.string() });

// ── The Team panel: connect, share and join from the app (issue 14) ──
// Kept together, apart from the channels above, so that other additions to
// this file (full output sharing) merge without touching these lines.

/** The data folder's team connection as the panel shows it: never a password. */
export const TeamConnectionSchema = z.object({
  /** The stored (or FIREBREAK_DATABASE_URL) URL, any password masked; null when not connected. */
  url: z.string().nullable(),
  team: z.string().nullable(),
  /** The name on this responder's events (the OS user until one is set). */
  displayName: z.string(),
  /** FIREBREAK_DATABASE_URL / FIREBREAK_TEAM override what the panel stores. */
  fromEnvironment: z.boolean(),
  /** Where the password lives: sealed by the OS keychain (desktop app), or ~/.pgpass / PGPASSFILE (browser host, CLI). */
  passwordStorage: z.enum(['keychain', 'pgpass']),
  passwordStored: z.boolean(),
  sharedIncidents: z.number().int().min(0),
  /** The latest pull of any shared incident (UTC ISO-8601), null before the first. */
  lastPullAt: z.string().nullable(),
});
export type TeamConnection = z.infer<typeof TeamConnectionSchema>;

export const TeamInviteSchema = z.object({ inviteCode: z.string(), inviteLink: z.string() });
export type TeamInvite = z.infer<typeof TeamInviteSchema>;

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
} as const;

export const teamEvents = {
  'team:status': TeamSyncStatusSchema,
} as const;
