import { isEventOfKind } from '../model/timeline';
import { bareIncidentTitle, describeEvent, formatElapsed } from '../timeline/describe-event';
import { humanTimeline, outputByRun, paramsUsed, runsThatWentWrong, stepRuns, typedCommands, type HumanTimelineRow, type ParamUse, type StepRunView } from './human-timeline';
import type { ActionItem, IncidentRecord, RunbookSnapshot } from './incident-record';
import { authorsOf, displayTitle, drillBanner, drillPrefix, eventsInOrder, formatOffset, formatUtc, keyMomentRows, timelineOrigin, trimOutput, type KeyMomentRow } from './timeline-view';

/**
 * The postmortem as data: the Markdown and the HTML export render this one
 * model, so they say the same things. Built from the (already redacted)
 * record; nothing here is format-specific.
 */
export interface PostmortemView {
  /** `[DRILL] ` or `[PRACTICE] ` for an exercise, else empty. */
  titlePrefix: string;
  /** The title without that mark. */
  bareTitle: string;
  title: string;
  banner: string | null;
  meta: Array<{ name: string; value: string; todo: boolean }>;
  moments: KeyMomentRow[];
  /** Summary, Impact, Root causes, Trigger, Resolution, Detection, in the template's order. */
  sections: PostmortemSection[];
  actionItems: ActionItem[];
  lessons: PostmortemSection[];
  timeline: { origin: string; keyEvents: HumanTimelineRow[]; rows: HumanTimelineRow[] };
  commands: CommandEntry[];
  params: ParamUse[];
  runbooks: RunbookSnapshot[];
}

/** One section a person writes: their text, else a prompt and what the record suggests. */
export interface PostmortemSection {
  title: string;
  /** What a person wrote; when set, nothing else shows. */
  written: string | null;
  /** A bulleted list a person wrote (lessons). */
  writtenItems: string[];
  prompt: string;
  /** Lines the record proves, offered as a starting point under the prompt. */
  prefill: string[];
  /** A hint on how to get a prefill when there is none yet. */
  hint: string | null;
}

/** One step run or typed command in "Commands and output". */
export interface CommandEntry {
  at: string;
  offset: string;
  heading: string;
  command: string;
  /** The last lines of the run's own output, or null. */
  output: string | null;
}

const PROMPTS = {
  summary: 'one or two sentences: what happened, to whom, for how long.',
  impact: 'who was affected and how (users, requests, revenue, SLO budget).',
  rootCauses: 'the conditions that made this possible — systems, not people.',
  trigger: 'what set it off (a deploy, a config change, a traffic spike).',
  resolution: 'what mitigated it and what finally fixed it.',
  detection: 'how we found out (alert, customer report) and how it could be sooner.',
  wentWell: 'what helped (alerts that fired, runbooks that worked).',
  wentWrong: 'what hurt or slowed the response.',
  gotLucky: 'what could have made this worse but did not.',
} as const;

function section(title: string, written: string | null, prompt: string, prefill: string[] = [], hint: string | null = null): PostmortemSection {
  return { title, written: written && written.trim() ? written.trim() : null, writtenItems: [], prompt, prefill, hint };
}

function listSection(title: string, items: readonly string[], prompt: string, prefill: string[] = []): PostmortemSection {
  return { title, written: null, writtenItems: items.map((item) => item.trim()).filter(Boolean), prompt, prefill, hint: null };
}

function impactPrefill(record: IncidentRecord): string[] {
  const { incident } = record;
  const moments = incident.keyMoments;
  const end = moments.mitigated ?? moments.resolved;
  const parts = [`${incident.severity} affecting ${incident.services.join(', ') || 'unrecorded services'}`];
  if (moments.started && end) parts.push(`from ${formatUtc(moments.started)} until mitigation at ${formatUtc(end)}`);
  return [`${parts.join(', ')}.`];
}

function detectionPrefill(record: IncidentRecord): string[] {
  const moments = keyMomentRows(record)
    .filter((row) => (row.name === 'Detected' || row.name === 'Acknowledged') && row.at)
    .map((row) => `${row.name} at ${formatUtc(row.at as string)}${row.timeTo ? ` (${row.timeTo})` : ''}`);
  // The alert that declared the incident: how we found out, with the rule's source.
  const alert = record.events.find((event) => event.kind === 'alert.received');
  if (alert?.kind !== 'alert.received') return moments;
  const { alertname, startsAt, generatorURL } = alert.data;
  return [...moments, `Alert ${alertname || '(unnamed)'}${startsAt ? ` firing since ${formatUtc(startsAt)}` : ''}${generatorURL ? ` (rule: ${generatorURL})` : ''}`];
}

function runLine(run: StepRunView, what: string): string {
  return `${formatUtc(run.startedAt)}: “${run.title}” ${what}`;
}

/** Failed and cancelled runs, failed expectations, runs with no result, and holes in the record. */
function wentWrongPrefill(record: IncidentRecord, runs: Map<string, StepRunView>): string[] {
  const lines = runsThatWentWrong(runs.values()).map((run) => {
    if (run.status === 'cancelled') return runLine(run, `was cancelled${run.message && run.message !== 'Cancelled.' ? ` (${run.message.replace(/\.$/, '')})` : ''}`);
    if (run.status === 'no result') return runLine(run, 'has no result on the record');
    const expect = run.expect && run.expect.passed === false ? run.expect.description : run.message;
    const exit = run.exitCode === null || (expect && /exit code/.test(expect)) ? '' : `exit ${run.exitCode}`;
    return runLine(run, `failed${exit || expect ? ` (${[exit, expect].filter(Boolean).join('; ')})` : ''}`);
  });
  for (const event of record.events) {
    if (isEventOfKind(event, 'record.gap')) lines.push(`${formatUtc(event.ts)}: ${describeEvent(event).summary}`);
  }
  return lines;
}

/**
 * What mitigated it, as far as the record proves: the runs that passed
 * between the status becoming "identified" and the mitigated moment (the
 * diagnosis before it is not the resolution), and those status changes.
 */
function resolutionPrefill(record: IncidentRecord, runs: Map<string, StepRunView>): { lines: string[]; hint: string | null } {
  const identified = record.events.find((event) => isEventOfKind(event, 'status.changed') && event.data.to === 'identified');
  if (!identified) {
    return { lines: [], hint: 'Set the status to "identified" when the cause is known: the steps run from then until mitigation are listed here.' };
  }
  const until = record.incident.keyMoments.mitigated ?? record.incident.keyMoments.resolved;
  const inWindow = (ts: string) => ts >= identified.ts && (until === null || ts <= until);
  const lines = [`${formatUtc(identified.ts)}: cause identified`];
  for (const run of runs.values()) {
    if (run.status === 'passed' && inWindow(run.startedAt)) lines.push(runLine(run, `passed${run.durationMs === null ? '' : ` in ${formatElapsed(run.durationMs)}`}`));
  }
  if (record.incident.keyMoments.mitigated) lines.push(`${formatUtc(record.incident.keyMoments.mitigated)}: mitigated`);
  return { lines, hint: null };
}

function commandEntries(record: IncidentRecord, runs: Map<string, StepRunView>, outputs: Map<string, string>, origin: string): CommandEntry[] {
  const entries: CommandEntry[] = [];
  for (const run of runs.values()) {
    const output = outputs.get(run.runId);
    const rowText = humanRunHeading(run);
    entries.push({ at: run.startedAt, offset: formatOffset(run.startedAt, origin), heading: rowText, command: run.command, output: output && output.trim() ? trimOutput(output) : null });
  }
  for (const event of typedCommands(record)) {
    const description = describeEvent(event);
    entries.push({ at: event.ts, offset: formatOffset(event.ts, origin), heading: `Typed by ${event.actor} · ${description.summary}`, command: event.data.commandLine, output: null });
  }
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function humanRunHeading(run: StepRunView): string {
  const outcome = run.status === 'no result' ? 'no result on the record' : run.status === 'passed' ? `passed${run.exitCode !== null && run.exitCode !== 0 ? ` (exit ${run.exitCode}, allowed)` : ''}` : run.status === 'failed' ? `FAILED${run.exitCode === null ? '' : ` (exit ${run.exitCode})`}` : run.status;
  return `Step “${run.title}” (${run.runbookTitle}) · ${outcome}${run.durationMs === null ? '' : ` · ${formatElapsed(run.durationMs)}`}`;
}

/** The postmortem view of a redacted record. */
export function postmortemView(record: IncidentRecord, generatedAt: string | undefined): PostmortemView {
  const { incident } = record;
  const fields = incident.postmortem;
  const origin = timelineOrigin(record);
  const runs = stepRuns(record);
  const outputs = outputByRun(record);
  const rows = humanTimeline({ ...record, events: eventsInOrder(record) }, outputs);
  const authors = authorsOf(record);
  const meta: PostmortemView['meta'] = [
    { name: 'Date', value: formatUtc(origin).slice(0, 10), todo: false },
    { name: 'Authors', value: authors.length > 0 ? authors.join(', ') : 'who wrote this', todo: authors.length === 0 },
    { name: 'Status', value: `Incident ${incident.status}; postmortem draft`, todo: false },
    { name: 'Severity', value: incident.severity, todo: false },
    { name: 'Services', value: incident.services.join(', ') || '—', todo: false },
    { name: 'Incident commander', value: incident.commander ?? '—', todo: false },
    { name: 'Communications lead', value: incident.communicationsLead ?? '—', todo: false },
    { name: 'Responders', value: incident.responders.join(', ') || '—', todo: false },
    { name: 'Incident ID', value: incident.id, todo: false },
  ];
  if (generatedAt) meta.push({ name: 'Exported', value: formatUtc(generatedAt), todo: false });
  const resolution = resolutionPrefill(record, runs);
  const lessons = fields.lessonsLearned;
  return {
    titlePrefix: drillPrefix(record),
    bareTitle: bareIncidentTitle(incident.title, incident.kind),
    title: displayTitle(record),
    banner: drillBanner(record),
    meta,
    moments: keyMomentRows(record),
    sections: [
      section('Summary', fields.summary, PROMPTS.summary),
      section('Impact', fields.impact, PROMPTS.impact, impactPrefill(record)),
      section('Root causes', fields.rootCauses, PROMPTS.rootCauses),
      section('Trigger', fields.trigger, PROMPTS.trigger),
      section('Resolution', fields.resolution, PROMPTS.resolution, resolution.lines, resolution.hint),
      section('Detection', fields.detection, PROMPTS.detection, detectionPrefill(record)),
    ],
    actionItems: fields.actionItems,
    lessons: [
      listSection('What went well', lessons.wentWell, PROMPTS.wentWell),
      listSection('What went wrong', lessons.wentWrong, PROMPTS.wentWrong, wentWrongPrefill(record, runs)),
      listSection('Where we got lucky', lessons.gotLucky, PROMPTS.gotLucky),
    ],
    timeline: { origin, keyEvents: rows.filter((row) => row.starred), rows },
    commands: commandEntries(record, runs, outputs, origin),
    params: paramsUsed(record),
    runbooks: record.runbookSnapshots,
  };
}

/** The text a timeline row ends with: who did it. */
export function rowActor(row: HumanTimelineRow): string {
  return row.actor;
}

/** Whether a timeline row reads as a problem (a failed step, a failed command, a hole in the record). */
export function rowIsProblem(row: HumanTimelineRow): boolean {
  return row.tone === 'failed' || row.tone === 'cancelled' || row.tone === 'warning';
}
