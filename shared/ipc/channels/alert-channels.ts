import { z } from 'zod';
import { MAX_ALERT_PAYLOAD_BYTES } from '../../alerts/parse-alert';
import { MAX_LINK_CHARS } from '../../alerts/runbook-link';
import { SeveritySchema, IncidentStatusSchema } from '../../export/incident-record';
import { IncidentSummarySchema } from '../../model/incident-summary';
import { OpenedLinkSchema } from '../../model/opened-link';
import { Empty, Id } from './schema-parts';

const Values = z.record(z.string(), z.string());

/** A runbook suggested for an alert (shared/alerts/match-runbooks.ts). */
export const RunbookSuggestionSchema = z.object({
  runbookId: z.string(),
  title: z.string(),
  score: z.number(),
  match: z.enum(['alert-name', 'label-matchers', 'search']),
  reasons: z.array(z.string()),
  params: z.object({ values: Values, sources: Values, errors: Values }),
});

export { OpenedLinkSchema, type OpenedLink } from '../../model/opened-link';

/** From page to runbook: alerts, links and status updates. */
export const alertRequests = {
  /**
   * Declares (or joins) an incident from a pasted alert payload: Alertmanager
   * webhook JSON, amtool -o json or one alert. Bad input fails bad_request
   * with a message naming the field. Runs nothing.
   */
  'alerts:page': {
    // The cap is on the UTF-8 bytes (checked in the handler); characters are at most that many.
    request: z.object({ payload: z.string().max(MAX_ALERT_PAYLOAD_BYTES + 1) }).strict(),
    response: z.object({
      action: z.enum(['declared', 'joined', 'ignored']),
      incident: IncidentSummarySchema.nullable(),
      suggestions: z.array(RunbookSuggestionSchema),
      suggestedMitigatedAt: z.string().nullable(),
      warnings: z.array(z.string()),
      message: z.string(),
    }),
  },
  /** Reads a firebreak:// (or /open) link and checks its values against the runbook. */
  'links:resolve': {
    request: z.object({ url: z.string().max(MAX_LINK_CHARS) }).strict(),
    response: OpenedLinkSchema,
  },
  /** The link handed to the app before a window was listening (desktop start-up, browser host /open); null when none. */
  /** The runbook link and the invite (firebreak://join/…) that arrived before the page did, each once. */
  'links:take': { request: Empty, response: z.object({ link: OpenedLinkSchema.nullable(), invite: z.string().nullable() }) },
  /** Records a status update that was sent ('comms.update'). */
  'comms:record': {
    request: z
      .object({
        incidentId: Id,
        markdown: z.string().min(1).max(20_000),
        plain: z.string().min(1).max(20_000),
        status: IncidentStatusSchema,
        severity: SeveritySchema,
        nextUpdateAt: z.iso.datetime().nullable(),
        channel: z.string().max(200).default(''),
      })
      .strict(),
    response: z.object({ seq: z.number() }),
  },
} as const;

export const alertEvents = {
  /** A runbook link arrived (second desktop instance, the OS, the browser host's /open, the CLI). */
  'link:opened': OpenedLinkSchema,
} as const;
