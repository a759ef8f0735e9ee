import { z } from 'zod';
import type { ExportOptions } from './export-options';
import { TimelineEventDataSchemas, toTimelineEvent, upgradeStoredEvent } from '../model/timeline';
import { IncidentRecordSchema, type IncidentRecord } from './incident-record';
import { redactIncidentRecord } from './redact-record';

/** The `format` tag every Firebreak incident export carries. */
export const INCIDENT_EXPORT_FORMAT = 'firebreak-incident';
/**
 * The export format version this build writes (see docs/incident-export.md).
 * Version 2: typed events (one data shape per kind, drill events with kinds
 * of their own) and output chunks that name their step run. Version 1 files
 * are still read: their events are mapped like old database rows.
 */
export const INCIDENT_EXPORT_VERSION = 2;
/** Versions this build imports. */
const READABLE_VERSIONS: readonly number[] = [1, 2];

/** The JSON export document: format tag, version, then the (redacted) record. */
export const IncidentExportSchema = IncidentRecordSchema.extend({
  format: z.literal(INCIDENT_EXPORT_FORMAT),
  version: z.literal(INCIDENT_EXPORT_VERSION),
  /** When the export was made, UTC ISO-8601; null when the exporter did not say. */
  exportedAt: z.string().nullable(),
  /** Always true: secrets were masked before writing. */
  redacted: z.literal(true),
});
export type IncidentExport = z.infer<typeof IncidentExportSchema>;

/**
 * The whole incident as versioned JSON (pretty-printed, newline at the end),
 * secrets masked. {@link parseIncidentExport} reads it back.
 */
export function renderIncidentJson(record: IncidentRecord, options: ExportOptions = {}): string {
  const safe = redactIncidentRecord(record, options.redaction ?? {});
  const document: IncidentExport = {
    format: INCIDENT_EXPORT_FORMAT,
    version: INCIDENT_EXPORT_VERSION,
    exportedAt: options.generatedAt ?? null,
    redacted: true,
    ...safe,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Result of reading an export: the record, or why the file cannot be imported. */
export type IncidentImportResult = { ok: true; record: IncidentRecord; exportedAt: string | null } | { ok: false; error: string };

/** `events[3].data.exitCode` from a zod issue path. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(top level)';
}

/** Most issues listed in one error; past it the count is given. */
const MAX_LISTED_ISSUES = 5;

/**
 * Reads a JSON export. Never throws: a file that is not ours, of another
 * version, truncated, or with a wrong field yields `{ ok: false, error }`
 * with a sentence that names the problem (and the field path).
 */
export function parseIncidentExport(text: string): IncidentImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 names the position where parsing stopped; at the very end of the text, the rest is missing.
    const position = /at position (\d+)/.exec(message);
    const stoppedAtEnd = position !== null && Number(position[1]) >= text.trimEnd().length;
    const truncated = text.trim().length === 0 || stoppedAtEnd || /end of (json )?input|unterminated|Unexpected end/i.test(message);
    return {
      ok: false,
      error: truncated
        ? `The file ends early — it looks truncated or empty, so nothing was imported (${message}).`
        : `The file is not valid JSON, so nothing was imported (${message}).`,
    };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, error: 'This is not a Firebreak incident export: the file holds no JSON object.' };
  }
  const header = parsed as { format?: unknown; version?: unknown };
  if (header.format !== INCIDENT_EXPORT_FORMAT) {
    return { ok: false, error: `This is not a Firebreak incident export: "format" is ${JSON.stringify(header.format) ?? 'missing'}, expected "${INCIDENT_EXPORT_FORMAT}".` };
  }
  if (typeof header.version !== 'number' || !READABLE_VERSIONS.includes(header.version)) {
    const newer = typeof header.version === 'number' && header.version > INCIDENT_EXPORT_VERSION;
    return {
      ok: false,
      error: newer
        ? `This export is format version ${header.version}, written by a newer Firebreak; this one reads version ${INCIDENT_EXPORT_VERSION}. Update Firebreak to import it.`
        : `Unsupported export version ${JSON.stringify(header.version) ?? '(missing)'}; this Firebreak reads version ${INCIDENT_EXPORT_VERSION}.`,
    };
  }
  const result = IncidentExportSchema.safeParse(header.version === 1 ? upgradeVersion1(parsed as Record<string, unknown>) : upgradeReferences(parsed as Record<string, unknown>));
  if (!result.success) {
    const issues = result.error.issues;
    const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    const more = issues.length > MAX_LISTED_ISSUES ? ` (and ${issues.length - MAX_LISTED_ISSUES} more)` : '';
    return { ok: false, error: `The export does not match format version ${INCIDENT_EXPORT_VERSION}, so nothing was imported — ${listed.join('; ')}${more}.` };
  }
  const { format: _format, version: _version, exportedAt, redacted: _redacted, ...record } = result.data;
  return { ok: true, record, exportedAt };
}

/**
 * A version 2 document whose events may still name other events by seq
 * (written before `note.edited.editOf` and `event.starred` named a global
 * id): each such reference becomes the uid of the document's event with that
 * seq when the document carries uids, and otherwise leaves the event in its
 * old shape, read as an 'unknown' event (the importer maps it by seq).
 */
function upgradeReferences(document: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(document.events)) return document;
  const events = document.events as Array<Record<string, unknown>>;
  const uidBySeq = new Map<number, string>();
  for (const event of events) if (typeof event.seq === 'number' && typeof event.uid === 'string') uidBySeq.set(event.seq, event.uid);
  return {
    ...document,
    events: events.map((event) => {
      if (event.kind !== 'note.edited' && event.kind !== 'event.starred') return event;
      const data = event.data !== null && typeof event.data === 'object' ? (event.data as Record<string, unknown>) : {};
      const upgraded = upgradeStoredEvent(String(event.kind), data, (seq) => uidBySeq.get(seq));
      const fits = upgraded && TimelineEventDataSchemas[event.kind].safeParse(upgraded.data).success;
      return fits ? { ...event, data: upgraded.data } : { ...event, kind: 'unknown', data: { storedKind: event.kind, data } };
    }),
  };
}

/**
 * A version 1 document in version 2's shape: each event mapped as an old
 * database row is (shared/model/timeline.ts upgradeStoredEvent), and each
 * output chunk given the run of its step that started last before it.
 */
function upgradeVersion1(document: Record<string, unknown>): Record<string, unknown> {
  const events = Array.isArray(document.events) ? (document.events as Array<Record<string, unknown>>) : [];
  // Version 1 events carry no uid: a reference by seq stays as it was (an 'unknown' event the importer maps by seq).
  const upgraded = events.map((event) => ({
    ...toTimelineEvent({
      seq: Number(event.seq),
      incidentId: String(event.incidentId),
      ts: String(event.ts),
      kind: String(event.kind),
      actor: String(event.actor),
      data: event.data,
    }),
    starred: event.starred === true,
  }));
  const starts = upgraded.filter((event) => event.kind === 'step.started') as Array<{ ts: string; data: { stepId: string; runId: string } }>;
  const sessions = Array.isArray(document.sessions) ? (document.sessions as Array<Record<string, unknown>>) : [];
  return {
    ...document,
    version: INCIDENT_EXPORT_VERSION,
    events: upgraded,
    sessions: sessions.map((session) => ({
      ...session,
      chunks: (Array.isArray(session.chunks) ? (session.chunks as Array<Record<string, unknown>>) : []).map(({ stepId, ...chunk }) => {
        const run = typeof stepId === 'string' ? starts.filter((start) => start.data.stepId === stepId && start.ts <= String(chunk.at)).at(-1) : undefined;
        return { ...chunk, runId: run?.data.runId ?? null };
      }),
    })),
  };
}

/** The JSON Schema (draft 2020-12) of the export document, as published in docs/incident-export-schema.json. */
export function incidentExportJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://firebreak.invalid/schemas/incident-export-v${INCIDENT_EXPORT_VERSION}.json`,
    title: `Firebreak incident export, version ${INCIDENT_EXPORT_VERSION}`,
    ...z.toJSONSchema(IncidentExportSchema),
  };
}
