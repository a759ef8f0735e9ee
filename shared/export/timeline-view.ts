import { bareIncidentTitle, formatUtc } from '../timeline/describe-event';
import type { IncidentRecord, RecordedEvent } from './incident-record';

export { formatUtc };

/** `T+1h02m03s` / `T-0m05s` offset of `iso` from `origin`; `T+?` when either does not parse. */
export function formatOffset(iso: string, origin: string): string {
  const delta = Date.parse(iso) - Date.parse(origin);
  if (Number.isNaN(delta)) return 'T+?';
  const sign = delta < 0 ? '-' : '+';
  const total = Math.floor(Math.abs(delta) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = String(minutes).padStart(2, '0');
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `T${sign}${hours}h${mm}m${ss}s` : `T${sign}${minutes}m${ss}s`;
}

/** `1h 05m`, `4m 12s`, `850 ms` for a duration in milliseconds. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const total = Math.round(ms / 1000);
  if (total < 3600) return `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s`;
  return `${Math.floor(total / 3600)}h ${String(Math.floor((total % 3600) / 60)).padStart(2, '0')}m`;
}

/** The moment T+ offsets count from: the incident's start, else its creation. */
export function timelineOrigin(record: IncidentRecord): string {
  return record.incident.keyMoments.started ?? record.incident.createdAt;
}

/** `[DRILL] ` or `[PRACTICE] ` before the title of an exercise; empty for a real incident. */
export function drillPrefix(record: IncidentRecord): string {
  if (record.incident.kind === 'drill') return '[DRILL] ';
  if (record.incident.kind === 'practice') return '[PRACTICE] ';
  return '';
}

/** The title as exports print it, with drills and practice runs marked (once). */
export function displayTitle(record: IncidentRecord): string {
  return drillPrefix(record) + bareIncidentTitle(record.incident.title, record.incident.kind);
}

/** The banner line a drill or practice export carries, or null for a real incident. */
export function drillBanner(record: IncidentRecord): string | null {
  if (record.incident.kind === 'drill') return 'This was a DRILL, not a real incident. No customer impact was involved.';
  if (record.incident.kind === 'practice') return 'This was a PRACTICE run, not a real incident.';
  return null;
}

/** Events in timeline order (sequence number; it is gap-free and follows commit order). */
export function eventsInOrder(record: IncidentRecord): RecordedEvent[] {
  return [...record.events].sort((a, b) => a.seq - b.seq);
}

/**
 * Lines of output kept per step in "supporting information". The end of an
 * output is where the error usually is, so the tail is kept.
 */
export const TRIMMED_OUTPUT_LINES = 20;
/** Longest single output line kept, so one minified blob cannot flood the document. */
export const TRIMMED_LINE_CHARS = 240;

/** The last {@link TRIMMED_OUTPUT_LINES} lines of `output`, each cut to {@link TRIMMED_LINE_CHARS}, with a note of what was left out. */
export function trimOutput(output: string): string {
  const lines = output.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const kept = lines.slice(-TRIMMED_OUTPUT_LINES).map((line) => (line.length > TRIMMED_LINE_CHARS ? `${line.slice(0, TRIMMED_LINE_CHARS)}…` : line));
  const dropped = lines.length - kept.length;
  return (dropped > 0 ? [`… ${dropped} earlier line${dropped === 1 ? '' : 's'} not shown`, ...kept] : kept).join('\n');
}

/** Actor of the events a drill records itself (lab, faults, injects): not a person. */
export const DRILL_ACTOR = 'firebreak-drill';

/**
 * Authors of the postmortem: the commander, the communications lead and the
 * responders, once each; when no role was set, the people on the record
 * (whoever ran, typed or wrote something).
 */
export function authorsOf(record: IncidentRecord): string[] {
  const { commander, communicationsLead, responders } = record.incident;
  const named = [...new Set([commander, communicationsLead, ...responders].filter((name): name is string => !!name))];
  if (named.length > 0) return named;
  return [...new Set(record.events.map((event) => event.actor).filter((actor) => actor !== DRILL_ACTOR && actor.length > 0))];
}

/** One key moment as exports list it. */
export interface KeyMomentRow {
  name: string;
  at: string | null;
  /** `time to acknowledge 4m 12s`-style figure, measured from detection (or the start when detection is unknown). */
  timeTo: string | null;
}

/** The five key moments with their time-to figures. */
export function keyMomentRows(record: IncidentRecord): KeyMomentRow[] {
  const moments = record.incident.keyMoments;
  const from = moments.detected ?? moments.started;
  const since = (at: string | null, what: string): string | null => {
    if (!at || !from) return null;
    const ms = Date.parse(at) - Date.parse(from);
    return Number.isNaN(ms) || ms < 0 ? null : `time to ${what}: ${formatDuration(ms)}`;
  };
  return [
    { name: 'Started', at: moments.started, timeTo: null },
    { name: 'Detected', at: moments.detected, timeTo: moments.detected && moments.started ? sinceStart(moments.started, moments.detected) : null },
    { name: 'Acknowledged', at: moments.acknowledged, timeTo: since(moments.acknowledged, 'acknowledge') },
    { name: 'Mitigated', at: moments.mitigated, timeTo: since(moments.mitigated, 'mitigate') },
    { name: 'Resolved', at: moments.resolved, timeTo: since(moments.resolved, 'resolve') },
  ];
}

function sinceStart(started: string, detected: string): string | null {
  const ms = Date.parse(detected) - Date.parse(started);
  return Number.isNaN(ms) || ms < 0 ? null : `time to detect: ${formatDuration(ms)}`;
}

/** A file-name-safe name for the incident's exports: `2024-05-14-orders-api-502s`. */
export function exportBaseName(record: Pick<IncidentRecord, 'incident'>): string {
  const date = record.incident.createdAt.slice(0, 10);
  const title = bareIncidentTitle(record.incident.title, record.incident.kind);
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'incident';
  return `${date}-${record.incident.kind === 'drill' ? 'drill-' : ''}${slug}`;
}
