import { z } from 'zod';
import { IncidentSchema, TimelineEventSchema, type TimelineEvent } from '../model/timeline';

/**
 * Everything an export needs about one incident, read from the store in one
 * go. Every renderer is a pure function of this record plus redaction
 * options. Events are typed (shared/model/timeline.ts): each kind's data has
 * one schema, the same the writers use.
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

/** Priority of an action item: P0 (do now) to P3 (when there is time). */
export const ActionItemPrioritySchema = z.enum(['P0', 'P1', 'P2', 'P3']);

/** One postmortem action item (Google SRE template: item, type, owner, tracking; plus a priority). */
export const ActionItemSchema = z.object({
  item: z.string(),
  /** mitigate: reduce the impact next time; prevent: stop it happening; process: change how we respond. */
  type: z.enum(['mitigate', 'prevent', 'process']),
  owner: z.string().nullable(),
  /** Ticket or bug link. */
  tracking: z.string().nullable(),
  priority: ActionItemPrioritySchema.nullable().default(null),
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
export const RecordedEventSchema = z.intersection(TimelineEventSchema, z.object({ starred: z.boolean() }));
export type RecordedEvent = TimelineEvent & { starred: boolean };

/** One piece of terminal output as it arrived. */
export const OutputChunkSchema = z.object({
  /** UTC ISO-8601 timestamp of arrival. */
  at: z.string(),
  data: z.string(),
  /** The step run that printed it (between its command-start and finished marks); null for the prompt and typed commands. */
  runId: z.string().nullable().default(null),
});
export type OutputChunk = z.infer<typeof OutputChunkSchema>;

/** One terminal session and all its output, in arrival order. */
export const TerminalRecordingSchema = z.object({
  sessionId: z.string(),
  shell: z.string(),
  cols: z.number().int().positive(),
  rows: z.number().int().positive(),
  startedAt: z.string(),
  /** Where the terminal was resized, in order (its size at start is cols × rows). */
  resizes: z.array(z.object({ at: z.string(), cols: z.number().int().positive(), rows: z.number().int().positive() })).default([]),
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
