import type { ExportOptions } from './export-options';
import type { IncidentRecord, RecordedEvent } from './incident-record';
import { codeFence, escapeInline, indentContinuation, inlineCode, tableCell } from './markdown-text';
import { redactIncidentRecord } from './redact-record';
import {
  authorsOf,
  describeEvent,
  drillPrefix,
  drillBanner,
  eventsInOrder,
  formatOffset,
  formatUtc,
  keyMomentRows,
  outputByStep,
  timelineOrigin,
  trimOutput,
} from './timeline-view';

/** The marker that opens every passage a person still has to write. */
export const TODO_MARKER = '> ✍ TODO:';

function todo(what: string): string {
  return `${TODO_MARKER} ${what}`;
}

/** A person's text when written; otherwise a TODO with what the record suggests. */
function written(value: string | null, prompt: string, prefill: string | null = null): string {
  if (value && value.trim().length > 0) return value.trim();
  if (!prefill) return todo(prompt);
  return `${todo(`${prompt} Prefilled from the record — check and rewrite:`)}\n\n${prefill}`;
}

function failedSteps(events: readonly RecordedEvent[]): string[] {
  return events
    .filter((event) => event.kind === 'step.finished')
    .filter((event) => {
      const exitCode = event.data.exitCode;
      const description = describeEvent(event);
      return (typeof exitCode === 'number' && exitCode !== 0) || description.expectPassed === false;
    })
    .map((event) => describeEvent(event).summary);
}

function header(record: IncidentRecord, options: ExportOptions): string[] {
  const { incident } = record;
  const authors = authorsOf(record);
  const lines = [`# Postmortem: ${drillPrefix(record)}${escapeInline(record.incident.title)}`, ''];
  const banner = drillBanner(record);
  if (banner) lines.push(`> **${banner}**`, '');
  const rows: [string, string][] = [
    ['Date', formatUtc(timelineOrigin(record)).slice(0, 10)],
    ['Authors', authors.length > 0 ? authors.join(', ') : '✍ TODO: who wrote this'],
    ['Status', `Incident ${incident.status}; postmortem draft`],
    ['Severity', incident.severity],
    ['Services', incident.services.join(', ') || '—'],
    ['Incident commander', incident.commander ?? '—'],
    ['Communications lead', incident.communicationsLead ?? '—'],
    ['Responders', incident.responders.join(', ') || '—'],
    ['Incident ID', incident.id],
  ];
  if (options.generatedAt) rows.push(['Exported', formatUtc(options.generatedAt)]);
  lines.push('| | |', '| --- | --- |', ...rows.map(([name, value]) => `| **${name}** | ${tableCell(value)} |`), '');
  lines.push('| Key moment | Time (UTC) | |', '| --- | --- | --- |');
  for (const row of keyMomentRows(record)) {
    lines.push(`| ${row.name} | ${row.at ? formatUtc(row.at) : '—'} | ${row.timeTo ?? ''} |`);
  }
  lines.push('');
  return lines;
}

function impactPrefill(record: IncidentRecord): string {
  const { incident } = record;
  const moments = incident.keyMoments;
  const end = moments.mitigated ?? moments.resolved;
  const parts = [`${incident.severity} affecting ${incident.services.join(', ') || 'unrecorded services'}`];
  if (moments.started && end) parts.push(`from ${formatUtc(moments.started)} until mitigation at ${formatUtc(end)}`);
  return `${escapeInline(parts.join(', '))}.`;
}

function detectionPrefill(record: IncidentRecord): string | null {
  const rows = keyMomentRows(record).filter((row) => row.name === 'Detected' || row.name === 'Acknowledged');
  const known = rows.filter((row) => row.at);
  if (known.length === 0) return null;
  return known.map((row) => `- ${row.name} at ${formatUtc(row.at as string)}${row.timeTo ? ` (${row.timeTo})` : ''}`).join('\n');
}

function resolutionPrefill(events: readonly RecordedEvent[]): string | null {
  const lines = events
    .filter((event) => event.kind === 'status.changed' || event.kind === 'step.finished')
    .map((event) => `- ${formatUtc(event.ts)}: ${escapeInline(describeEvent(event).summary)}`);
  return lines.length > 0 ? lines.join('\n') : null;
}

function actionItems(record: IncidentRecord): string[] {
  const items = record.incident.postmortem.actionItems;
  const lines = ['| Action item | Type | Owner | Tracking |', '| --- | --- | --- | --- |'];
  for (const item of items) {
    lines.push(`| ${tableCell(item.item)} | ${item.type} | ${tableCell(item.owner ?? '✍ TODO')} | ${tableCell(item.tracking ?? '✍ TODO')} |`);
  }
  if (items.length === 0) lines.push('| ✍ TODO: what will stop this happening again | mitigate / prevent | ✍ TODO | ✍ TODO |');
  return lines;
}

function bulletList(items: readonly string[], prompt: string, prefill: string[] = []): string {
  if (items.length > 0) return items.map((item) => `- ${indentContinuation(item.trim(), '  ')}`).join('\n');
  if (prefill.length === 0) return todo(prompt);
  return `${todo(`${prompt} Prefilled from the record — check and rewrite:`)}\n\n${prefill.map((item) => `- ${escapeInline(item)}`).join('\n')}`;
}

function timelineEntry(event: RecordedEvent, origin: string): string {
  const description = describeEvent(event);
  const star = event.starred ? '★ ' : '';
  const time = `**${formatOffset(event.ts, origin)}** · ${formatUtc(event.ts).slice(11)}`;
  const summary = event.kind === 'note' ? indentContinuation(description.summary, '  ') : escapeInline(description.summary);
  let line = `- ${time} · ${star}**${escapeInline(description.label)}** — ${summary} _(${escapeInline(event.actor)})_`;
  if (description.command) line += `\n  ${inlineCode(description.command)}`;
  return line;
}

function timeline(record: IncidentRecord, events: readonly RecordedEvent[]): string[] {
  const origin = timelineOrigin(record);
  const lines = ['## Timeline', '', `All times UTC; T+ counts from ${formatUtc(origin)}. ★ marks key events.`, ''];
  const starred = events.filter((event) => event.starred);
  lines.push('### Key events', '');
  lines.push(starred.length > 0 ? starred.map((event) => timelineEntry(event, origin)).join('\n') : todo('star the key events on the timeline; they lead this section.'));
  lines.push('', '### Full timeline', '');
  lines.push(events.length > 0 ? events.map((event) => timelineEntry(event, origin)).join('\n') : '_No events were recorded._');
  lines.push('');
  return lines;
}

function supportingInformation(record: IncidentRecord, events: readonly RecordedEvent[]): string[] {
  const lines = ['## Supporting information', '', '### Commands and output', ''];
  const outputs = outputByStep(record);
  const origin = timelineOrigin(record);
  const commands = events.filter((event) => (event.kind === 'step.finished' || event.kind === 'command.manual') && describeEvent(event).command);
  if (commands.length === 0) lines.push('_No commands were recorded._', '');
  for (const event of commands) {
    const description = describeEvent(event);
    lines.push(`#### ${formatOffset(event.ts, origin)} — ${escapeInline(description.summary)}`, '', codeFence(description.command ?? '', 'sh'), '');
    const stepId = typeof event.data.stepId === 'string' ? event.data.stepId : null;
    const output = stepId ? outputs.get(stepId) : undefined;
    if (output && output.trim().length > 0) lines.push('Output (last lines):', '', codeFence(trimOutput(output), 'text'), '');
  }
  lines.push('### Runbooks followed', '');
  if (record.runbookSnapshots.length === 0) lines.push('_No runbook was opened._');
  for (const snapshot of record.runbookSnapshots) {
    lines.push(`- ${escapeInline(snapshot.title)} (${escapeInline(snapshot.runbookId)}), content SHA-256 ${inlineCode(snapshot.contentHash)}`);
  }
  lines.push('');
  return lines;
}

/**
 * The incident as a Markdown postmortem following the Google SRE template.
 * Passages a person must write start with {@link TODO_MARKER}; where the record
 * suggests an answer it follows the marker. Secrets are masked throughout.
 */
export function renderPostmortemMarkdown(record: IncidentRecord, options: ExportOptions = {}): string {
  const safe = redactIncidentRecord(record, options.redaction ?? {});
  const fields = safe.incident.postmortem;
  const events = eventsInOrder(safe);
  const lessons = fields.lessonsLearned;
  const lines = [
    ...header(safe, options),
    '## Summary',
    '',
    written(fields.summary, 'one or two sentences: what happened, to whom, for how long.'),
    '',
    '## Impact',
    '',
    written(fields.impact, 'who was affected and how (users, requests, revenue, SLO budget).', impactPrefill(safe)),
    '',
    '## Root causes',
    '',
    written(fields.rootCauses, 'the conditions that made this possible — systems, not people.'),
    '',
    '## Trigger',
    '',
    written(fields.trigger, 'what set it off (a deploy, a config change, a traffic spike).'),
    '',
    '## Resolution',
    '',
    written(fields.resolution, 'what mitigated it and what finally fixed it.', resolutionPrefill(events)),
    '',
    '## Detection',
    '',
    written(fields.detection, 'how we found out (alert, customer report) and how it could be sooner.', detectionPrefill(safe)),
    '',
    '## Action items',
    '',
    ...actionItems(safe),
    '',
    '## Lessons learned',
    '',
    '### What went well',
    '',
    bulletList(lessons.wentWell, 'what helped (alerts that fired, runbooks that worked).'),
    '',
    '### What went wrong',
    '',
    bulletList(lessons.wentWrong, 'what hurt or slowed the response.', failedSteps(events).map((step) => `Step did not go as expected: ${step}`)),
    '',
    '### Where we got lucky',
    '',
    bulletList(lessons.gotLucky, 'what could have made this worse but did not.'),
    '',
    ...timeline(safe, events),
    ...supportingInformation(safe, events),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
