import { describeGap, type RecordGapData } from '../../../shared/model/record-gap';
import type { TimelineEvent, TimelineEventKind } from '../../../shared/model/timeline';
import type { TimelineFilter } from '../store/timeline-slice';

const str = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/** One line saying what an event was, for the timeline list. Notes are rendered separately (Markdown). */
export function describeEvent(event: TimelineEvent): string {
  const data = event.data;
  switch (event.kind) {
    case 'incident.declared':
      return str(data.summary) || `Declared: ${str(data.title)}`;
    case 'incident.updated':
      return str(data.summary) || 'Details edited';
    case 'status.changed':
      return `Status ${str(data.from) || '—'} → ${str(data.to)}`;
    case 'role.changed':
      return str(data.summary) || `${str(data.role)} changed`;
    case 'moment.set':
      return `${str(data.moment)} ${data.to ? `set to ${str(data.to).slice(11, 19)}Z` : 'cleared'}${data.automatic ? ' (automatic)' : ''}`;
    case 'runbook.opened':
      return `Opened runbook ${str(data.title ?? data.runbookId)}`;
    case 'runbook.trusted':
      return `Trusted runbook ${str(data.title ?? data.runbookId)}`;
    case 'param.set':
      return `Param ${str(data.name)} = ${data.secret ? '••••' : str(data.value)}`;
    case 'confirmation.given':
      return `Confirmed ${str(data.title ?? data.stepId)}${data.production ? ' on production' : ''}`;
    case 'step.started':
      return `▶ ${str(data.title ?? data.stepId)} started`;
    case 'step.finished': {
      const exit = typeof data.exitCode === 'number' ? `exit ${data.exitCode}` : 'exit code unknown';
      const duration = typeof data.durationMs === 'number' ? ` in ${(data.durationMs / 1000).toFixed(1)} s` : '';
      const expect = data.expect && typeof data.expect === 'object' ? ((data.expect as { passed?: unknown }).passed ? ', expect ok' : ', expect failed') : '';
      return `■ ${str(data.title ?? data.stepId)} finished, ${exit}${duration}${expect}`;
    }
    case 'step.cancelled':
      return `✕ ${str(data.title ?? data.stepId)} cancelled${data.reason ? `: ${str(data.reason)}` : ''}`;
    case 'command.manual': {
      const exit = typeof data.exitCode === 'number' ? `  → ${data.exitCode}` : '';
      return `$ ${str(data.commandLine ?? data.command)}${exit}`;
    }
    case 'checklist.ticked':
      return `${data.checked ? '☑' : '☐'} ${str(data.text ?? data.itemId)}`;
    case 'session.started':
      return `Terminal session started${data.shell ? ` (${str(data.shell)})` : ''}`;
    case 'session.ended':
      return `Terminal session ended${typeof data.exitCode === 'number' ? `, exit ${data.exitCode}` : ''}`;
    case 'note':
    case 'note.edited':
      return str(data.text);
    case 'event.starred':
      return `${data.starred ? 'Starred' : 'Unstarred'} event #${str(data.seq)}`;
    case 'drill.inject':
      // Every drill event shares this kind; only facilitator messages and lab actions are injects.
      return `${data.type === 'message' || data.type === 'action' ? 'Inject' : 'Drill'}: ${str(data.summary ?? data.title ?? data.text)}`;
    case 'drill.scored':
      return `Drill scored${data.summary ? `: ${str(data.summary)}` : ''}`;
    case 'record.gap': {
      const gap = data as unknown as RecordGapData;
      return `⚠ Not recorded (${str(gap.reason)}) between ${str(gap.since).slice(11, 19)}Z and ${str(gap.until).slice(11, 19)}Z: ${describeGap(gap) || 'some events'}`;
    }
    default:
      return str(data.summary ?? data.text) || event.kind;
  }
}

const GROUPS: Record<Exclude<TimelineFilter, 'all' | 'starred'>, ReadonlySet<TimelineEventKind>> = {
  steps: new Set(['step.started', 'step.finished', 'step.cancelled', 'confirmation.given', 'param.set', 'runbook.opened', 'runbook.trusted', 'checklist.ticked']),
  commands: new Set(['command.manual', 'session.started', 'session.ended']),
  notes: new Set(['note']),
  status: new Set(['incident.declared', 'incident.updated', 'status.changed', 'role.changed', 'moment.set', 'drill.inject', 'drill.scored']),
};

/**
 * Whether an event shows under a filter. Star toggles and note versions are
 * folded into the event they are about, so they never get a row of their own.
 */
export function showsUnder(event: TimelineEvent, filter: TimelineFilter, starred: ReadonlySet<number>): boolean {
  if (event.kind === 'event.starred' || event.kind === 'note.edited') return false;
  if (filter === 'all') return true;
  if (filter === 'starred') return starred.has(event.seq);
  return GROUPS[filter].has(event.kind);
}

/** Where an event's terminal output is: a step run, or the whole session of a hand-typed command. */
export function outputOf(event: TimelineEvent): { runId?: string; sessionId?: string } | null {
  const { runId, sessionId } = event.data;
  if ((event.kind === 'step.started' || event.kind === 'step.finished' || event.kind === 'step.cancelled') && typeof runId === 'string') return { runId };
  if ((event.kind === 'command.manual' || event.kind.startsWith('session.')) && typeof sessionId === 'string') return { sessionId };
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
