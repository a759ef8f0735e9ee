import { z } from 'zod';

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
