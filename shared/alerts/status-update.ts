import { parseDuration } from '../runbook/duration';
import type { TimelineEvent } from '../model/timeline';
import { formatUtc } from '../timeline/describe-event';

export type UpdateSeverity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

/** How often stakeholders hear from us, per severity, in minutes; null: no reminder. */
export const DEFAULT_UPDATE_CADENCE: Readonly<Record<UpdateSeverity, number | null>> = { SEV1: 15, SEV2: 30, SEV3: 60, SEV4: null };

/**
 * The cadence a runbook asks for in front matter, over the defaults:
 * `comms: { cadence: { sev1: 10m, sev2: 20m } }`. Values that do not read
 * as durations are ignored (lint reports them).
 */
export function cadenceFrom(frontMatter: Record<string, unknown> | undefined, settings?: unknown): Record<UpdateSeverity, number | null> {
  const cadence = { ...DEFAULT_UPDATE_CADENCE, ...cadenceSetting(settings) };
  const comms = frontMatter?.comms;
  const table = comms && typeof comms === 'object' && !Array.isArray(comms) ? (comms as Record<string, unknown>).cadence : undefined;
  if (!table || typeof table !== 'object' || Array.isArray(table)) return cadence;
  for (const [key, value] of Object.entries(table as Record<string, unknown>)) {
    const severity = key.toUpperCase() as UpdateSeverity;
    if (!(severity in cadence)) continue;
    const ms = parseDuration(value);
    if (ms !== undefined && ms > 0) cadence[severity] = Math.max(1, Math.round(ms / 60_000));
  }
  return cadence;
}

/** Preference key of the cadence in settings.json: `"SEV1=10m,SEV2=20m,SEV4=2h"`. */
export const CADENCE_PREFERENCE = 'comms.cadence';

/** Reads the cadence preference (`SEV1=10m,SEV2=20m`); entries that do not read are ignored. */
export function cadenceSetting(value: unknown): Partial<Record<UpdateSeverity, number>> {
  const cadence: Partial<Record<UpdateSeverity, number>> = {};
  if (typeof value !== 'string') return cadence;
  for (const entry of value.split(',')) {
    const match = /^\s*(SEV[1-4])\s*=\s*(\S+)\s*$/i.exec(entry);
    const ms = match ? parseDuration(match[2]) : undefined;
    if (match && ms) cadence[match[1]!.toUpperCase() as UpdateSeverity] = Math.max(1, Math.round(ms / 60_000));
  }
  return cadence;
}

/** When the next update is due: the last one sent (or the declaration) plus the cadence; null without a cadence. */
export function nextUpdateDue(events: readonly TimelineEvent[], severity: UpdateSeverity, cadence: Record<UpdateSeverity, number | null>): string | null {
  const minutes = cadence[severity];
  if (!minutes) return null;
  const last = events.findLast((event) => event.kind === 'comms.update') ?? events.find((event) => event.kind === 'incident.declared');
  if (!last) return null;
  return new Date(Date.parse(last.ts) + minutes * 60_000).toISOString();
}

/** What the composer starts from: the record's facts, ready to edit. */
export interface UpdateDraftInput {
  title: string;
  severity: UpdateSeverity;
  status: 'investigating' | 'identified' | 'mitigated' | 'resolved';
  services: string[];
  events: readonly TimelineEvent[];
  /** When the next update will come (UTC ISO-8601), or null. */
  nextUpdateAt: string | null;
}

/** The fields of an update, each a line the responder can rewrite. */
export interface UpdateFields {
  happening: string;
  impact: string;
  status: string;
  doing: string;
  next: string;
}

const STATUS_WORDS = {
  investigating: 'Investigating: we are looking into it.',
  identified: 'Identified: we know the cause and are working on a fix.',
  mitigated: 'Mitigated: the impact has stopped; we are watching and finishing the fix.',
  resolved: 'Resolved: the incident is over.',
} as const;

/** Drafts the five parts of an update from the record: what is happening, impact, status, what is being done, next update. */
export function draftUpdateFields(input: UpdateDraftInput): UpdateFields {
  const alert = input.events.findLast((event) => event.kind === 'alert.received');
  const detected = alert?.kind === 'alert.received' ? (alert.data.annotations.description ?? alert.data.annotations.summary ?? '') : '';
  const runbook = input.events.findLast((event) => event.kind === 'runbook.opened');
  const step = input.events.findLast((event) => event.kind === 'step.finished' || event.kind === 'step.started');
  const doing: string[] = [];
  if (runbook?.kind === 'runbook.opened') doing.push(`Following the runbook “${runbook.data.title}”.`);
  if (step && (step.kind === 'step.finished' || step.kind === 'step.started')) doing.push(`Last step: ${step.data.title}.`);
  return {
    happening: `${input.title}${detected ? ` — ${firstLine(detected)}` : ''}`,
    impact: `${input.severity}${input.services.length ? ` affecting ${input.services.join(', ')}` : ''}.`,
    status: STATUS_WORDS[input.status],
    doing: doing.join(' ') || 'The responders are investigating.',
    next: input.status === 'resolved' ? 'No further updates planned.' : input.nextUpdateAt ? `Next update by ${formatUtc(input.nextUpdateAt)}.` : 'Next update when we know more.',
  };
}

/** The update as Markdown (status page, tracker) and as plain text (chat). */
export function renderUpdate(fields: UpdateFields): { markdown: string; plain: string } {
  const rows: Array<[string, string]> = [
    ['What is happening', fields.happening],
    ['Impact', fields.impact],
    ['Current status', fields.status],
    ['What we are doing', fields.doing],
    ['Next update', fields.next],
  ];
  const clean = (text: string) => text.replace(/\s+/g, ' ').trim();
  return {
    markdown: rows.map(([label, text]) => `**${label}:** ${escapeMarkdown(clean(text))}`).join('\n\n'),
    plain: rows.map(([label, text]) => `${label}: ${clean(text)}`).join('\n'),
  };
}

/** Minutes and seconds to a due time: "12:04", or "-01:30" when overdue. */
export function formatCountdown(dueAt: string, nowMs: number): { text: string; overdue: boolean } {
  const left = Math.round((Date.parse(dueAt) - nowMs) / 1000);
  const abs = Math.abs(left);
  const text = `${left < 0 ? '-' : ''}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { text, overdue: left < 0 };
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim()) ?? '').trim().slice(0, 300);
}

/** Alert text is from outside: Markdown it holds is shown as written, not rendered as links or images. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>!|#])/g, '\\$1');
}
