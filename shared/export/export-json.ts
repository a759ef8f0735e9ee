import { z } from 'zod';
import type { ExportOptions } from './export-options';
import { IncidentRecordSchema, type IncidentRecord } from './incident-record';
import { redactIncidentRecord } from './redact-record';

/** The `format` tag every Firebreak incident export carries. */
export const INCIDENT_EXPORT_FORMAT = 'firebreak-incident';
/** The export format version this build writes and reads (see docs/incident-export.md). */
export const INCIDENT_EXPORT_VERSION = 1;

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
  if (header.version !== INCIDENT_EXPORT_VERSION) {
    const newer = typeof header.version === 'number' && header.version > INCIDENT_EXPORT_VERSION;
    return {
      ok: false,
      error: newer
        ? `This export is format version ${header.version}, written by a newer Firebreak; this one reads version ${INCIDENT_EXPORT_VERSION}. Update Firebreak to import it.`
        : `Unsupported export version ${JSON.stringify(header.version) ?? '(missing)'}; this Firebreak reads version ${INCIDENT_EXPORT_VERSION}.`,
    };
  }
  const result = IncidentExportSchema.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues;
    const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    const more = issues.length > MAX_LISTED_ISSUES ? ` (and ${issues.length - MAX_LISTED_ISSUES} more)` : '';
    return { ok: false, error: `The export does not match format version ${INCIDENT_EXPORT_VERSION}, so nothing was imported — ${listed.join('; ')}${more}.` };
  }
  const { format: _format, version: _version, exportedAt, redacted: _redacted, ...record } = result.data;
  return { ok: true, record, exportedAt };
}

/** The JSON Schema (draft 2020-12) of the export document, as published in docs/incident-export-schema.json. */
export function incidentExportJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://firebreak.invalid/schemas/incident-export-v1.json',
    title: 'Firebreak incident export, version 1',
    ...z.toJSONSchema(IncidentExportSchema),
  };
}
