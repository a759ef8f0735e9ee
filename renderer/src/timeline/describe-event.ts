import type { EventOfKind, TimelineEvent, TimelineEventKind } from '../../../shared/model/timeline';
import { describeEvent as describeShared, describeStepOutcome, toneMark, type EventTone } from '../../../shared/timeline/describe-event';
import type { TimelineFilter } from '../store/timeline-slice';

/** One row's words and tone, from the same describer the exports use. */
export interface RowText {
  text: string;
  tone: EventTone;
}

/**
 * One line saying what an event was, for the timeline list (notes are
 * rendered separately, as Markdown). A step run's row is its start event
 * shown with its finish once there is one: one row per run, updated in place.
 */
export function describeRow(event: TimelineEvent, finish: StepFinish | undefined): RowText {
  if (event.kind === 'step.started') {
    if (!finish) return { text: `${toneMark('running')} ${event.data.title} — running`, tone: 'running' };
    if (finish.kind === 'step.cancelled') return { text: `${toneMark('cancelled')} ${event.data.title} — cancelling…`, tone: 'cancelled' };
    const outcome = describeStepOutcome(finish.data);
    return { text: `${toneMark(outcome.tone)} ${event.data.title} — ${outcome.text}`, tone: outcome.tone };
  }
  const description = describeShared(event);
  if (description.command !== null && event.kind === 'command.manual') {
    return { text: `$ ${description.command} — ${description.summary}`, tone: description.tone };
  }
  return { text: description.label === 'Note' ? description.summary : `${description.label}: ${description.summary}`, tone: description.tone };
}

/** What ended a step run: its finish, or its cancel while the finish is still to come. */
export type StepFinish = EventOfKind<'step.finished'> | EventOfKind<'step.cancelled'>;

/** The latest finish (or cancel) of each run, by run id. */
export function finishesByRun(events: readonly TimelineEvent[]): Map<string, StepFinish> {
  const finishes = new Map<string, StepFinish>();
  for (const event of events) {
    if (event.kind === 'step.finished') finishes.set(event.data.runId, event);
    else if (event.kind === 'step.cancelled' && finishes.get(event.data.runId)?.kind !== 'step.finished') finishes.set(event.data.runId, event);
  }
  return finishes;
}

const GROUPS: Record<Exclude<TimelineFilter, 'all' | 'starred'>, ReadonlySet<TimelineEventKind>> = {
  steps: new Set(['step.started', 'runbook.opened', 'runbook.trusted', 'checklist.ticked']),
  commands: new Set(['command.manual', 'session.ended']),
  notes: new Set(['note']),
  status: new Set([
    'incident.declared',
    'incident.updated',
    'status.changed',
    'role.changed',
    'moment.set',
    'drill.started',
    'drill.lab',
    'drill.fault',
    'drill.inject',
    'drill.problem',
    'drill.ended',
    'drill.scored',
    'record.gap',
    'alert.received',
    'comms.update',
  ]),
};

/**
 * Whether an event has a row under a filter. Bookkeeping (star toggles,
 * note versions, resizes, confirmations, each param: those fold into a row
 * of their own kind) and a step's finish (its start row shows it) never get
 * a row.
 */
export function showsUnder(event: TimelineEvent, filter: TimelineFilter, starred: ReadonlySet<number>): boolean {
  if (event.kind === 'param.set') return filter === 'all' || filter === 'steps';
  if (event.kind === 'step.finished' || event.kind === 'step.cancelled') return false;
  if (describeShared(event).folded) return false;
  if (filter === 'all') return true;
  if (filter === 'starred') return starred.has(event.seq);
  return event.kind !== 'unknown' && GROUPS[filter].has(event.kind);
}

/** Where an event's terminal output is: a step run, or the whole session of a hand-typed command. */
export function outputOf(event: TimelineEvent): { runId?: string; sessionId?: string } | null {
  if (event.kind === 'step.started' || event.kind === 'step.finished' || event.kind === 'step.cancelled') return { runId: event.data.runId };
  if (event.kind === 'command.manual' || event.kind === 'session.ended') return { sessionId: event.data.sessionId };
  return null;
}

/** The filters in the order the bar shows them. */
export const TIMELINE_FILTERS: ReadonlyArray<{ filter: TimelineFilter; label: string }> = [
  { filter: 'all', label: 'All' },
  { filter: 'steps', label: 'Steps' },
  { filter: 'commands', label: 'Cmds' },
  { filter: 'notes', label: 'Notes' },
  { filter: 'status', label: 'Status' },
  { filter: 'starred', label: '★' },
];
