import { z } from 'zod';
import { IncidentSchema, TimelineEventSchema } from '../model/timeline';

/**
 * Everything an export needs about one incident, read from the store in one
 * go. Every renderer is a pure function of this record plus redaction options.
 *
 * Event `data` conventions the renderers read (all fields optional):
 * - `step.started`:  `{ stepId, title, command, runbookId }`
 * - `step.finished`: `{ stepId, title, command, exitCode, durationMs, expect: { passed, description } }`
 * - `command.manual`: `{ command, sessionId, exitCode }`
 * - `note`: `{ text }` (Markdown)
 * - `status.changed`: `{ from, to }`
 * - `runbook.opened`: `{ runbookId, title, contentHash }`
 * - `session.started` / `session.ended`: `{ sessionId, shell, exitCode }`
 * Any other kind is shown with its `data.summary` or `data.text` when present.
 */

/** Severity, SEV1 the worst. */
export const SeveritySchema = z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
export type Severity = z.infer<typeof SeveritySchema>;

/** Where the response stands. */
export const IncidentStatusSchema = z.enum(['investigating', 'identified', 'mitigated', 'resolved']);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/** UTC ISO-8601 timestamp, or null when the moment has not happened (or is unknown). */
const MomentSchema = z.string().nullable();

/** The moments the time-to-X figures are measured between. */
export const KeyMomentsSchema = z.object({
  started: MomentSchema,
  detected: MomentSchema,
  acknowledged: MomentSchema,
  mitigated: MomentSchema,
  resolved: MomentSchema,
});
export type KeyMoments = z.infer<typeof KeyMomentsSchema>;

/** One postmortem action item (Google SRE template: item, type, owner, tracking). */
export const ActionItemSchema = z.object({
  item: z.string(),
  type: z.enum(['mitigate', 'prevent']),
  owner: z.string().nullable(),
  /** Ticket or bug link. */
  tracking: z.string().nullable(),
});
export type ActionItem = z.infer<typeof ActionItemSchema>;

/** The parts of a postmortem a person writes; null until they do. */
export const PostmortemFieldsSchema = z.object({
  summary: z.string().nullable(),
  impact: z.string().nullable(),
  rootCauses: z.string().nullable(),
  trigger: z.string().nullable(),
  resolution: z.string().nullable(),
  detection: z.string().nullable(),
  actionItems: z.array(ActionItemSchema),
  lessonsLearned: z.object({
    wentWell: z.array(z.string()),
    wentWrong: z.array(z.string()),
    gotLucky: z.array(z.string()),
  }),
});
export type PostmortemFields = z.infer<typeof PostmortemFieldsSchema>;

/** The incident's metadata: who, what, how bad, and where it stands. */
export const IncidentMetadataSchema = IncidentSchema.extend({
  severity: SeveritySchema,
  status: IncidentStatusSchema,
  services: z.array(z.string()),
  commander: z.string().nullable(),
  communicationsLead: z.string().nullable(),
  responders: z.array(z.string()),
  keyMoments: KeyMomentsSchema,
  postmortem: PostmortemFieldsSchema,
});
export type IncidentMetadata = z.infer<typeof IncidentMetadataSchema>;

/** A timeline event as recorded, plus whether a responder starred it as a key event. */
export const RecordedEventSchema = TimelineEventSchema.extend({
  starred: z.boolean(),
});
export type RecordedEvent = z.infer<typeof RecordedEventSchema>;

/** One piece of terminal output as it arrived. */
export const OutputChunkSchema = z.object({
  /** UTC ISO-8601 timestamp of arrival. */
  at: z.string(),
  data: z.string(),
  /** The step whose run produced it, when there was one. */
  stepId: z.string().nullable().optional(),
});
export type OutputChunk = z.infer<typeof OutputChunkSchema>;

/** One terminal session and all its output, in arrival order. */
export const TerminalRecordingSchema = z.object({
  sessionId: z.string(),
  shell: z.string(),
  cols: z.number().int().positive(),
  rows: z.number().int().positive(),
  startedAt: z.string(),
  chunks: z.array(OutputChunkSchema),
});
export type TerminalRecording = z.infer<typeof TerminalRecordingSchema>;

/** The exact runbook text that was followed, keyed by its SHA-256. */
export const RunbookSnapshotSchema = z.object({
  contentHash: z.string(),
  runbookId: z.string(),
  title: z.string(),
  source: z.string(),
});
export type RunbookSnapshot = z.infer<typeof RunbookSnapshotSchema>;

/** The input of every export. */
export const IncidentRecordSchema = z.object({
  incident: IncidentMetadataSchema,
  /** In sequence order. */
  events: z.array(RecordedEventSchema),
  sessions: z.array(TerminalRecordingSchema),
  runbookSnapshots: z.array(RunbookSnapshotSchema),
});
export type IncidentRecord = z.infer<typeof IncidentRecordSchema>;

/** Postmortem fields with nothing written yet, for a freshly declared incident. */
export function emptyPostmortemFields(): PostmortemFields {
  return {
    summary: null,
    impact: null,
    rootCauses: null,
    trigger: null,
    resolution: null,
    detection: null,
    actionItems: [],
    lessonsLearned: { wentWell: [], wentWrong: [], gotLucky: [] },
  };
}
