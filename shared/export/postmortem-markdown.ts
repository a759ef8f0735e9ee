import type { ExportOptions } from './export-options';
import type { HumanTimelineRow } from './human-timeline';
import type { IncidentRecord } from './incident-record';
import { codeFence, escapeInline, indentContinuation, inlineCode, tableCell } from './markdown-text';
import { postmortemView, rowIsProblem, type PostmortemSection, type PostmortemView } from './postmortem-view';
import { redactIncidentRecord } from './redact-record';
import { formatOffset, formatUtc } from './timeline-view';

/** The marker that opens every passage a person still has to write. */
export const TODO_MARKER = '> ✍ TODO:';

function todo(what: string): string {
  return `${TODO_MARKER} ${what}`;
}

function bullets(lines: readonly string[]): string {
  return lines.map((line) => `- ${indentContinuation(escapeInline(line), '  ')}`).join('\n');
}

function sectionBody(section: PostmortemSection): string {
  if (section.written) return section.written;
  if (section.writtenItems.length > 0) return section.writtenItems.map((item) => `- ${indentContinuation(item, '  ')}`).join('\n');
  if (section.prefill.length === 0) return [todo(section.prompt), section.hint ? `\n_${escapeInline(section.hint)}_` : ''].join('');
  return `${todo(`${section.prompt} Prefilled from the record — check and rewrite:`)}\n\n${bullets(section.prefill)}`;
}

function header(view: PostmortemView): string[] {
  const lines = [`# Postmortem: ${view.titlePrefix}${escapeInline(view.bareTitle)}`, ''];
  if (view.banner) lines.push(`> **${view.banner}**`, '');
  lines.push('| | |', '| --- | --- |', ...view.meta.map((row) => `| **${row.name}** | ${row.todo ? `✍ TODO: ${row.value}` : tableCell(row.value)} |`), '');
  // The time-to column only when some moment has a figure, and then titled; a moment without one reads '—'.
  const timeTaken = view.moments.some((row) => row.timeTo !== null);
  lines.push(timeTaken ? '| Key moment | Time (UTC) | Time taken |' : '| Key moment | Time (UTC) |', timeTaken ? '| --- | --- | --- |' : '| --- | --- |');
  for (const row of view.moments) lines.push(`| ${row.name} | ${row.at ? formatUtc(row.at) : '—'} |${timeTaken ? ` ${row.timeTo ?? '—'} |` : ''}`);
  lines.push('');
  return lines;
}

function actionItems(view: PostmortemView): string[] {
  const lines = ['| Action item | Type | Priority | Owner | Tracking |', '| --- | --- | --- | --- | --- |'];
  for (const item of view.actionItems) {
    lines.push(`| ${tableCell(item.item)} | ${item.type} | ${item.priority ?? '—'} | ${tableCell(item.owner ?? '✍ TODO')} | ${tableCell(item.tracking ?? '✍ TODO')} |`);
  }
  if (view.actionItems.length === 0) lines.push('| ✍ TODO: what will stop this happening again | mitigate / prevent / process | — | ✍ TODO | ✍ TODO |');
  return lines;
}

const TONE_MARK: Partial<Record<HumanTimelineRow['tone'], string>> = { failed: '✗ ', cancelled: '⊘ ', warning: '⚠ ', 'passed-allowed': '✓ ', passed: '✓ ' };

function timelineEntry(row: HumanTimelineRow, origin: string): string {
  const star = row.starred ? '★ ' : '';
  const mark = row.run || row.command !== null ? (TONE_MARK[row.tone] ?? '') : rowIsProblem(row) ? (TONE_MARK[row.tone] ?? '') : '';
  const time = `**${formatOffset(row.at, origin)}** · ${formatUtc(row.at).slice(11)}`;
  const summary = row.label === 'Note' ? indentContinuation(row.summary, '  ') : escapeInline(row.summary);
  let text = row.command !== null ? `${inlineCode(row.command)} — ${summary}` : summary;
  if (row.edited) text += ' _(edited)_';
  let line = `- ${time} · ${star}**${row.label}** — ${mark}${text} _(${escapeInline(row.actor)})_`;
  if (row.output) {
    const shown = [row.output.first, ...(row.output.between > 0 ? [`… ${row.output.between} more line${row.output.between === 1 ? '' : 's'}`] : []), ...row.output.last];
    line += `\n\n  ${indentContinuation(codeFence(shown.join('\n'), 'text'), '  ')}\n`;
  }
  return line;
}

function timeline(view: PostmortemView): string[] {
  const { origin, keyEvents, rows } = view.timeline;
  const lines = ['## Timeline', '', `All times UTC; T+ counts from ${formatUtc(origin)}. ★ marks key events.`, ''];
  lines.push('### Key events', '');
  lines.push(keyEvents.length > 0 ? keyEvents.map((row) => timelineEntry(row, origin)).join('\n') : todo('star the key events on the timeline; they lead this section.'));
  lines.push('', '### Full timeline', '');
  lines.push(rows.length > 0 ? rows.map((row) => timelineEntry(row, origin)).join('\n') : '_No events were recorded._');
  lines.push('');
  return lines;
}

function supportingInformation(view: PostmortemView): string[] {
  const lines = ['## Supporting information', '', '### Commands and output', ''];
  if (view.commands.length === 0) lines.push('_No commands were recorded._', '');
  for (const entry of view.commands) {
    lines.push(`#### ${entry.offset} — ${escapeInline(entry.heading)}`, '', codeFence(entry.command, 'sh'), '');
    if (entry.output) lines.push('Output (last lines):', '', codeFence(entry.output, 'text'), '');
  }
  if (view.params.length > 0) {
    lines.push('### Params used', '', '| Param | Value | Profile | First set (UTC) |', '| --- | --- | --- | --- |');
    for (const param of view.params) {
      lines.push(`| ${tableCell(param.name)} | ${param.value === '' ? '(empty)' : inlineCode(param.value)} | ${tableCell(param.profile ?? '—')} | ${formatUtc(param.firstAt).slice(11)} |`);
    }
    lines.push('');
  }
  lines.push('### Runbooks followed', '');
  if (view.runbooks.length === 0) lines.push('_No runbook was opened._');
  for (const snapshot of view.runbooks) {
    lines.push(`- ${escapeInline(snapshot.title)} (${escapeInline(snapshot.runbookId)}), content SHA-256 ${inlineCode(snapshot.contentHash)}`);
  }
  lines.push('');
  return lines;
}

/**
 * The incident as a Markdown postmortem following the Google SRE template,
 * rendered from the same view as the HTML export. Passages a person must
 * write start with {@link TODO_MARKER}; where the record proves an answer it
 * follows the marker. Secrets are masked throughout.
 */
export function renderPostmortemMarkdown(record: IncidentRecord, options: ExportOptions = {}): string {
  const view = postmortemView(redactIncidentRecord(record, options.redaction ?? {}), options.generatedAt);
  const lines = [...header(view)];
  for (const section of view.sections) {
    lines.push(`## ${section.title}`, '', sectionBody(section), '');
    if (section.title === 'Detection') lines.push('## Action items', '', ...actionItems(view), '', '## Lessons learned', '');
  }
  for (const lesson of view.lessons) lines.push(`### ${lesson.title}`, '', sectionBody(lesson), '');
  lines.push(...timeline(view), ...supportingInformation(view));
  return `${lines.join('\n').trimEnd()}\n`;
}
