import { z } from 'zod';

/** Kinds of event on the incident timeline. The table is append-only. */
export const TimelineEventKindSchema = z.enum([
  'incident.declared',
  'incident.updated',
  'status.changed',
  'role.changed',
  'moment.set',
  'runbook.opened',
  'runbook.trusted',
  'param.set',
  'confirmation.given',
  'step.started',
  'step.finished',
  'step.cancelled',
  'command.manual',
  'checklist.ticked',
  'session.started',
  'session.ended',
  'note',
  'note.edited',
  'event.starred',
  'drill.inject',
  'drill.scored',
  /** Written when the record works again after failed writes: what was lost and when (see RecordGap in main). */
  'record.gap',
]);
export type TimelineEventKind = z.infer<typeof TimelineEventKindSchema>;

/** One committed event, read back from SQLite. */
export const TimelineEventSchema = z.object({
  /** Gap-free sequence number, global to the database. */
  seq: z.number().int().min(1),
  incidentId: z.string(),
  /** UTC ISO-8601 timestamp with milliseconds. */
  ts: z.string(),
  kind: TimelineEventKindSchema,
  /** Who did it: the OS user unless set. */
  actor: z.string(),
  /** Kind-specific data, e.g. `{ stepId, command, exitCode, durationMs }`. */
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

/** An incident or drill: the container the timeline belongs to. */
export const IncidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['incident', 'drill', 'practice']),
  createdAt: z.string(),
});
export type Incident = z.infer<typeof IncidentSchema>;
