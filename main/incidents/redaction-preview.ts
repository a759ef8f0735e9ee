import type { IncidentRecord } from '../../shared/export/incident-record';
import { findSecrets, type RedactionOptions } from '../../shared/redaction/find-secrets';
import { redact } from '../../shared/redaction/redact';
import { stripTerminalEscapes } from '../../shared/redaction/terminal-escapes';

/** Where in the record a masked secret sits. */
export type PreviewLocation =
  | { kind: 'incident'; field: string }
  | { kind: 'event'; seq: number; field: string }
  | { kind: 'output'; sessionId: string }
  | { kind: 'runbook'; contentHash: string };

/** One secret an export will mask. */
export interface RedactionPreviewItem {
  location: PreviewLocation;
  /** The detector (or `secret-value` for a known secret param). */
  rule: string;
  /** Half-open range in the field's text (for output: in the session's text with escape sequences removed). */
  start: number;
  end: number;
  /** The text around it, already masked, so the preview itself leaks nothing. */
  context: string;
}

/** What an export will mask. */
export interface RedactionPreview {
  items: RedactionPreviewItem[];
  /** Findings per rule. */
  counts: Record<string, number>;
  /** True when more were found than listed. */
  truncated: boolean;
}

/** Characters of context shown on each side of a finding. */
const CONTEXT_CHARS = 40;
/** Most items listed; the counts still cover everything. */
const MAX_ITEMS = 500;

/**
 * Lists every secret the exports of `record` will mask, with ranges and a
 * masked excerpt, for the export dialog.
 */
export function previewRedaction(record: IncidentRecord, options: RedactionOptions = {}): RedactionPreview {
  const preview: RedactionPreview = { items: [], counts: {}, truncated: false };
  const scan = (location: PreviewLocation, text: string) => {
    for (const finding of findSecrets(text, options)) {
      preview.counts[finding.rule] = (preview.counts[finding.rule] ?? 0) + 1;
      if (preview.items.length >= MAX_ITEMS) {
        preview.truncated = true;
        continue;
      }
      const from = Math.max(0, finding.start - CONTEXT_CHARS);
      const to = Math.min(text.length, finding.end + CONTEXT_CHARS);
      preview.items.push({
        location,
        rule: finding.rule,
        start: finding.start,
        end: finding.end,
        context: redact(text.slice(from, to), options).replace(/\s+/g, ' '),
      });
    }
  };
  const walk = (value: unknown, field: string, at: (field: string) => PreviewLocation) => {
    if (typeof value === 'string') scan(at(field), value);
    else if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${field}[${index}]`, at));
    else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, field ? `${field}.${key}` : key, at);
    }
  };
  walk(record.incident, '', (field) => ({ kind: 'incident', field }));
  for (const event of record.events) walk(event.data, 'data', (field) => ({ kind: 'event', seq: event.seq, field }));
  for (const session of record.sessions) {
    scan({ kind: 'output', sessionId: session.sessionId }, stripTerminalEscapes(session.chunks.map((chunk) => chunk.data).join('')));
  }
  for (const snapshot of record.runbookSnapshots) scan({ kind: 'runbook', contentHash: snapshot.contentHash }, snapshot.source);
  return preview;
}
