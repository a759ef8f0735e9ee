import { isEventOfKind, type EventOfKind } from '../model/timeline';
import { stripTerminalEscapes } from '../redaction/terminal-escapes';
import { cutAtCapNotice } from '../team/output-sharing';
import { stepHeaderLines, stepHeaderOutput } from '../terminal/step-header';
import { describeEvent, describeStepOutcome, formatElapsed, type EventTone } from '../timeline/describe-event';
import type { IncidentRecord, RecordedEvent } from './incident-record';

/** What a step run's row keeps of its output: where it starts and where it ends. */
export interface OutputGlimpse {
  first: string;
  last: string[];
  /** Lines between `first` and `last` not shown. */
  between: number;
}

/** One step run, gathered from its started, confirmation, cancelled and finished events. */
export interface StepRunView {
  runId: string;
  stepId: string;
  title: string;
  runbookTitle: string;
  command: string;
  sessionId: string;
  startedAt: string;
  finishedAt: string | null;
  /** passed, failed, cancelled, unknown; 'no result' when the record has no finish (a crash, a gap). */
  status: string;
  exitCode: number | null;
  durationMs: number | null;
  expect: { passed: boolean | null; description: string } | null;
  message: string | null;
  profile: string | null;
  production: boolean;
  confirmation: string | null;
  rollbackOf: string | null;
  actor: string;
}

/** One row of the timeline as a person reads it. */
export interface HumanTimelineRow {
  /** The first event of the row (a step run's start): its place in the record and what a star refers to. */
  seq: number;
  at: string;
  actor: string;
  starred: boolean;
  label: string;
  summary: string;
  tone: EventTone;
  /** A typed command's text, shown as code. */
  command: string | null;
  /** For a step run: the run, and a glimpse of its own output. */
  run: StepRunView | null;
  output: OutputGlimpse | null;
  /** A note that was edited: its text is the latest version. */
  edited: boolean;
}

/** Every step run of the record by run id, in the order they started. */
export function stepRuns(record: IncidentRecord): Map<string, StepRunView> {
  const runs = new Map<string, StepRunView>();
  // A confirmation is committed just before its step.started, in the same transaction.
  const confirmations = new Map<string, string>();
  for (const event of record.events) {
    if (isEventOfKind(event, 'step.started')) {
      const data = event.data;
      runs.set(data.runId, {
        runId: data.runId,
        stepId: data.stepId,
        title: data.title,
        runbookTitle: data.runbookTitle,
        command: data.command,
        sessionId: data.sessionId,
        startedAt: event.ts,
        finishedAt: null,
        status: 'no result',
        exitCode: null,
        durationMs: null,
        expect: null,
        message: null,
        profile: data.profile,
        production: data.production,
        confirmation: confirmations.get(data.runId) ?? null,
        rollbackOf: data.rollbackOf,
        actor: event.actor,
      });
    } else if (isEventOfKind(event, 'step.finished')) {
      const run = runs.get(event.data.runId);
      if (!run) continue;
      Object.assign(run, {
        finishedAt: event.ts,
        status: event.data.status,
        exitCode: event.data.exitCode,
        durationMs: event.data.durationMs,
        expect: event.data.expect,
        message: event.data.message,
      });
    } else if (isEventOfKind(event, 'confirmation.given')) {
      confirmations.set(event.data.runId, describeEvent(event).summary);
    }
  }
  // Steps under one heading share its title: name them by id too, so a reader can tell them apart.
  const stepsByTitle = new Map<string, Set<string>>();
  for (const run of runs.values()) {
    let ids = stepsByTitle.get(run.title);
    if (!ids) stepsByTitle.set(run.title, (ids = new Set()));
    ids.add(run.stepId);
  }
  for (const run of runs.values()) {
    if ((stepsByTitle.get(run.title)?.size ?? 0) > 1) run.title = `${run.title} · ${run.stepId}`;
  }
  return runs;
}

/**
 * The printable output of each step run (escape sequences removed), by run
 * id: exactly the bytes between its marks, less the dimmed header Firebreak
 * printed before the step's commands (the terminal replay keeps it).
 */
export function outputByRun(record: IncidentRecord): Map<string, string> {
  const headers = new Map<string, string>();
  for (const event of record.events) {
    if (isEventOfKind(event, 'step.started')) headers.set(event.data.runId, stepHeaderOutput(stepHeaderLines({ stepId: event.data.stepId, title: event.data.title, code: event.data.command })));
  }
  const raw = new Map<string, string[]>();
  for (const session of record.sessions) {
    for (const chunk of session.chunks) {
      if (!chunk.runId) continue;
      let parts = raw.get(chunk.runId);
      if (!parts) raw.set(chunk.runId, (parts = []));
      parts.push(chunk.data);
    }
  }
  const out = new Map<string, string>();
  for (const [runId, parts] of raw) {
    let text = parts.join('');
    const header = headers.get(runId);
    if (header && text.startsWith(header)) text = text.slice(header.length);
    out.set(runId, stripTerminalEscapes(text));
  }
  // Another responder's run has no output here, only what they shared of it: its full output up to the incident's cap, saying where the cap cut it.
  for (const event of record.events) {
    if (!isEventOfKind(event, 'step.output') || out.has(event.data.runId)) continue;
    const { output, cut, sharedBytes, totalBytes, capBytes } = event.data;
    let text = output;
    const header = headers.get(event.data.runId);
    if (header && text.startsWith(header)) text = text.slice(header.length);
    text = stripTerminalEscapes(text);
    out.set(event.data.runId, cut ? `${text}${text.endsWith('\n') || !text ? '' : '\n'}${cutAtCapNotice(sharedBytes, totalBytes, capBytes)}\n` : text);
  }
  return out;
}

/** Longest output line a glimpse keeps. */
const GLIMPSE_LINE_CHARS = 160;

/** The first line and the last two lines of an output (blank lines skipped). */
export function glimpse(output: string | undefined): OutputGlimpse | null {
  if (!output) return null;
  const lines = output
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim().length > 0)
    .map((line) => (line.length > GLIMPSE_LINE_CHARS ? `${line.slice(0, GLIMPSE_LINE_CHARS)}…` : line));
  if (lines.length === 0) return null;
  const last = lines.length > 1 ? lines.slice(Math.max(1, lines.length - 2)) : [];
  return { first: lines[0]!, last, between: Math.max(0, lines.length - 1 - last.length) };
}

/** A step run's row text: “title” passed · exit 0 · 1.2 s, with how it was confirmed and on which profile. */
export function describeRun(run: StepRunView): { summary: string; tone: EventTone } {
  if (run.status === 'no result') {
    return { summary: `“${run.title}” — no result on the record (Firebreak stopped or the record could not be written before it finished)`, tone: 'unknown' };
  }
  const outcome = describeStepOutcome(run);
  const context = [run.rollbackOf ? `rolls back “${run.rollbackOf}”` : null, run.profile ? `${run.profile} profile${run.production && run.profile !== 'production' ? ', production' : ''}` : run.production ? 'production' : null, run.confirmation ? run.confirmation.replace(/^Confirmed “[^”]*”\s*/, 'confirmed ').trim() : null].filter(
    (part): part is string => !!part,
  );
  return { summary: `“${run.title}” — ${outcome.text}${context.length ? ` (${context.join('; ')})` : ''}`, tone: outcome.tone };
}

/**
 * The record as a human timeline: one row per step run (updated in place
 * from start to finish, with a glimpse of its own output), one per typed
 * command with its text, notes (latest version), status changes, key
 * moments set by hand or on first action, drill events, and nothing that is
 * bookkeeping (stars, resizes, each exported param, confirmations: the run
 * row says how it was confirmed).
 */
export function humanTimeline(record: IncidentRecord, outputs: Map<string, string> = outputByRun(record)): HumanTimelineRow[] {
  const runs = stepRuns(record);
  const rows: HumanTimelineRow[] = [];
  const notes = new Map<string, HumanTimelineRow>();
  const notesByUid = new Map<string, HumanTimelineRow>();
  const runRows = new Map<string, HumanTimelineRow>();
  const starredRuns = new Set<string>();
  for (const event of record.events) {
    if ((isEventOfKind(event, 'step.finished') || isEventOfKind(event, 'step.cancelled')) && event.starred) starredRuns.add(event.data.runId);
  }
  for (const event of record.events) {
    if (isEventOfKind(event, 'step.started')) {
      const run = runs.get(event.data.runId)!;
      const { summary, tone } = describeRun(run);
      const row: HumanTimelineRow = { ...base(event), starred: event.starred || starredRuns.has(run.runId), label: run.rollbackOf ? 'Rollback' : 'Step', summary, tone, run, output: glimpse(outputs.get(run.runId)), command: null, edited: false };
      runRows.set(run.runId, row);
      rows.push(row);
      continue;
    }
    if (isEventOfKind(event, 'note.edited')) {
      // By the note event's global id; records exported before events carried one fall back to the note id.
      const note = notesByUid.get(event.data.editOf) ?? (event.uid === undefined ? notes.get(event.data.noteId) : undefined);
      if (note) {
        note.summary = event.data.text;
        note.edited = true;
      }
      continue;
    }
    const description = describeEvent(event);
    if (description.folded) continue;
    // A step's own events are in its run row.
    if (event.kind === 'step.finished' || event.kind === 'step.cancelled') {
      if (runRows.has(event.data.runId)) continue;
    }
    const row: HumanTimelineRow = { ...base(event), label: description.label, summary: description.summary, tone: description.tone, command: description.command, run: null, output: null, edited: false };
    if (isEventOfKind(event, 'note')) {
      notes.set(event.data.noteId, row);
      if (event.uid) notesByUid.set(event.uid, row);
    }
    rows.push(row);
  }
  return rows;
}

function base(event: RecordedEvent): Pick<HumanTimelineRow, 'seq' | 'at' | 'actor' | 'starred'> {
  return { seq: event.seq, at: event.ts, actor: event.actor, starred: event.starred };
}

/** Runs that went wrong: failed, cancelled, expectation not met, or never finished. */
export function runsThatWentWrong(runs: Iterable<StepRunView>): StepRunView[] {
  return [...runs].filter((run) => run.status === 'failed' || run.status === 'cancelled' || run.expect?.passed === false || run.status === 'no result');
}

/** One param as the incident used it: each distinct value once, with where it was first exported. */
export interface ParamUse {
  name: string;
  value: string;
  secret: boolean;
  profile: string | null;
  firstAt: string;
}

/** The params the incident's runs exported: each (name, value) once, in the order first set. */
export function paramsUsed(record: IncidentRecord): ParamUse[] {
  const seen = new Map<string, ParamUse>();
  for (const event of record.events) {
    if (!isEventOfKind(event, 'param.set')) continue;
    const key = `${event.data.name}\u0000${event.data.value}`;
    if (!seen.has(key)) seen.set(key, { name: event.data.name, value: event.data.value, secret: event.data.secret, profile: event.data.profile, firstAt: event.ts });
  }
  return [...seen.values()];
}

/** Typed commands of the record, in order. */
export function typedCommands(record: IncidentRecord): Array<EventOfKind<'command.manual'> & { starred: boolean }> {
  return record.events.filter((event): event is EventOfKind<'command.manual'> & { starred: boolean } => event.kind === 'command.manual');
}

export { formatElapsed };
