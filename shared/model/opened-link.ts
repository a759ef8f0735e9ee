import { z } from 'zod';

const Values = z.record(z.string(), z.string());

/** A link to open a runbook with values, checked against it (shared/alerts/runbook-link.ts). */
export const OpenedLinkSchema = z.object({
  runbookId: z.string(),
  profile: z.string().nullable(),
  /** The values to show in the params form (never a secret). */
  values: Values,
  /** Param name → problem, shown in the form next to the field. */
  errors: Values,
  profileError: z.string().optional(),
  /** Where the values came from, in words ("link", "alert PostgresqlDown"). */
  origin: z.string(),
});
export type OpenedLink = z.infer<typeof OpenedLinkSchema>;

/**
 * An invite handed to the app (a firebreak://join/CODE link, the browser
 * host's /open?join=CODE): the normalised code, to fill in the Team panel's
 * Join field. Never joined by itself: the responder presses Join.
 */
export const OpenedInviteSchema = z.object({ invite: z.string() }).strict();
export type OpenedInvite = z.infer<typeof OpenedInviteSchema>;
