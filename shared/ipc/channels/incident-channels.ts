import { z } from 'zod';
import {
  IncidentStatusSchema,
  KeyMomentsSchema,
  PostmortemFieldsSchema,
  SeveritySchema,
} from '../../export/incident-record';
import { IncidentSummarySchema } from '../../model/incident-summary';
import { TimelineEventSchema } from '../../model/timeline';
import { Empty, Id } from './schema-parts';

/** A person's name or handle in a role. */
const Person = z.string().trim().min(1).max(200);
/** UTC ISO-8601 timestamp. */
const Instant = z.iso.datetime();
/** Bounded free text (titles). */
const Title = z.string().trim().min(1).max(500);
/** Known secret values (secret params) to mask in an export, on top of detected secrets. */
const SecretValues = z.array(z.string().max(10_000)).max(200).default([]);

export { IncidentDurationsSchema, IncidentSummarySchema, type IncidentSummary } from '../../model/incident-summary';

/** One search hit (main/store/search-index.ts). */
export const SearchHitSchema = z.object({
  source: z.enum(['event', 'output']),
  incidentId: z.string().nullable(),
  incidentTitle: z.string().nullable(),
  incidentKind: z.enum(['incident', 'drill', 'practice']).nullable(),
  /** Event seq (source 'event') or the output chunk's seq within its session (source 'output'). */
  ref: z.number(),
  eventKind: z.string().nullable(),
  sessionId: z.string().nullable(),
  runId: z.string().nullable(),
  ts: z.string().nullable(),
  snippet: z.array(z.object({ text: z.string(), match: z.boolean() })),
});

/** Where a masked secret sits in the record. */
const PreviewLocationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('incident'), field: z.string() }),
  z.object({ kind: z.literal('event'), seq: z.number(), field: z.string() }),
  z.object({ kind: z.literal('output'), sessionId: z.string() }),
  z.object({ kind: z.literal('runbook'), contentHash: z.string() }),
]);

/** A backup file. */
export const BackupInfoSchema = z.object({ path: z.string(), bytes: z.number(), takenAt: z.string() });

/** Export formats. */
export const ExportFormatSchema = z.enum(['md', 'json', 'html', 'cast']);

/** Channels of incidents, notes, stars, search, export and backups. */
export const incidentRequests = {
  /**
   * Incidents, newest first. `scope` keeps drills apart: 'incidents' (the
   * default) lists real incidents, 'drills' lists drills and practice sessions.
   */
  'incident:list': {
    request: z
      .object({
        scope: z.enum(['incidents', 'drills', 'all']).default('incidents'),
        statuses: z.array(IncidentStatusSchema).optional(),
        severities: z.array(SeveritySchema).optional(),
        text: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    response: z.array(IncidentSummarySchema),
  },
  /** One incident. */
  'incident:get': {
    request: z.object({ incidentId: Id }).strict(),
    response: IncidentSummarySchema,
  },
  /** The active incident with its metadata (created as a practice session on first use). */
  'incident:active': {
    request: Empty,
    response: IncidentSummarySchema,
  },
  /** Declares an incident, drill or practice session; it becomes the active one. Records 'incident.declared'. */
  'incident:declare': {
    request: z
      .object({
        title: Title,
        kind: z.enum(['incident', 'drill', 'practice']).default('incident'),
        severity: SeveritySchema.optional(),
        services: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
        commander: Person.nullable().optional(),
        communicationsLead: Person.nullable().optional(),
        responders: z.array(Person).max(100).optional(),
        startedAt: Instant.nullable().optional(),
        detectedAt: Instant.nullable().optional(),
      })
      .strict(),
    response: IncidentSummarySchema,
  },
  /** Edits title, severity, services and postmortem fields. Records one 'incident.updated' (data.changes) when anything changed. */
  'incident:update': {
    request: z
      .object({
        incidentId: Id,
        title: Title.optional(),
        severity: SeveritySchema.optional(),
        services: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
        postmortem: PostmortemFieldsSchema.partial().optional(),
      })
      .strict(),
    response: IncidentSummarySchema,
  },
  /** Moves the status. Records 'status.changed'; mitigated/resolved also set that key moment ('moment.set', automatic) when unset. */
  'incident:set-status': {
    request: z.object({ incidentId: Id, status: IncidentStatusSchema }).strict(),
    response: IncidentSummarySchema,
  },
  /** Sets any of the roles; one 'role.changed' per role changed. */
  'incident:set-roles': {
    request: z
      .object({
        incidentId: Id,
        commander: Person.nullable().optional(),
        communicationsLead: Person.nullable().optional(),
        responders: z.array(Person).max(100).optional(),
      })
      .strict(),
    response: IncidentSummarySchema,
  },
  /** Sets (or clears with null) a key moment by hand. Records 'moment.set' (automatic: false). */
  'incident:set-moment': {
    request: z.object({ incidentId: Id, moment: KeyMomentsSchema.keyof(), at: Instant.nullable() }).strict(),
    response: IncidentSummarySchema,
  },
  /** Makes an incident the active one (persisted); new events go to it. */
  'incident:switch': {
    request: z.object({ incidentId: Id }).strict(),
    response: IncidentSummarySchema,
  },
  /** The UI opened a runbook: snapshot its text by content hash and record 'runbook.opened' (once per incident and hash). */
  'incident:runbook-opened': {
    request: z.object({ runbookId: Id }).strict(),
    response: z.object({ event: TimelineEventSchema.nullable() }),
  },
  /** Adds a Markdown note to an incident (the active one when omitted). Records 'note' `{ noteId, text }`. */
  'note:add': {
    request: z.object({ incidentId: Id.optional(), text: z.string().trim().min(1).max(100_000) }).strict(),
    response: TimelineEventSchema,
  },
  /** A new version of a note. Records 'note.edited' `{ noteId, text, editOf }`, editOf the note event's global id (events are never rewritten). */
  'note:edit': {
    request: z.object({ incidentId: Id, noteId: Id, text: z.string().trim().min(1).max(100_000) }).strict(),
    response: TimelineEventSchema,
  },
  /** Stars or unstars an event by its local seq (starred events lead the postmortem timeline). Records 'event.starred' `{ eventUid, starred }`: the target's global id, the same for every responder. */
  'event:star': {
    request: z.object({ seq: z.number().int().min(1), starred: z.boolean() }).strict(),
    response: z.object({ seq: z.number(), starred: z.boolean() }),
  },
  /** Sequence numbers of an incident's starred events. */
  'event:starred': {
    request: z.object({ incidentId: Id }).strict(),
    response: z.array(z.number()),
  },
  /** Terminal output of a step run or a session, escape sequences kept (for an xterm), for "jump to output". */
  'timeline:output': {
    request: z
      .object({ sessionId: Id.optional(), runId: Id.optional(), maxBytes: z.number().int().min(1).max(16_777_216).default(1_048_576) })
      .strict()
      .refine((request) => request.sessionId !== undefined || request.runId !== undefined, 'sessionId or runId is required'),
    response: z.object({ data: z.string(), truncated: z.boolean() }),
  },
  /** Full-text search over every incident's commands, notes and output. */
  'search:query': {
    request: z
      .object({
        text: z.string().min(1).max(500),
        incidentId: Id.optional(),
        realIncidentsOnly: z.boolean().default(false),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    response: z.array(SearchHitSchema),
  },
  /**
   * Exports an incident, secrets masked. Without `path` the files come back
   * as text; with `path` (a file, or a folder for several casts) they are
   * written there and only their paths come back.
   */
  'export:render': {
    request: z
      .object({ incidentId: Id, format: ExportFormatSchema, secretValues: SecretValues, path: z.string().min(1).max(4096).optional() })
      .strict(),
    response: z.object({
      files: z.array(z.object({ fileName: z.string(), content: z.string().optional(), writtenTo: z.string().optional() })),
    }),
  },
  /** What an export of this incident will mask, with ranges and masked context. */
  'export:preview': {
    request: z.object({ incidentId: Id, secretValues: SecretValues }).strict(),
    response: z.object({
      items: z.array(
        z.object({ location: PreviewLocationSchema, rule: z.string(), start: z.number(), end: z.number(), context: z.string() }),
      ),
      counts: z.record(z.string(), z.number()),
      truncated: z.boolean(),
    }),
  },
  /** Takes an online backup now; retention keeps the newest. */
  'backup:now': {
    request: Empty,
    response: BackupInfoSchema,
  },
  /** Backups on disk, newest first. */
  'backup:list': {
    request: Empty,
    response: z.array(BackupInfoSchema),
  },
  /** Record settings. redactAtWrite: mask secrets before events and output reach the database file. */
  'record:settings': {
    request: z.object({ redactAtWrite: z.boolean().optional() }).strict(),
    response: z.object({ redactAtWrite: z.boolean() }),
  },
} as const;

export const incidentEvents = {
  /** An incident's metadata, status, roles, moments, or the active incident changed (sent after the commit). */
  'incident:changed': IncidentSummarySchema,
  /** The record could not be written (e.g. disk full): show it; the terminal keeps working. */
  'record:warning': z.object({ message: z.string() }),
} as const;
