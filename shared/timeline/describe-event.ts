import { describeGap } from '../model/record-gap';
import type { TimelineEvent } from '../model/timeline';

/** How an event reads at a glance: colour and shape follow it in every view. */
export type EventTone = 'passed' | 'passed-allowed' | 'failed' | 'cancelled' | 'running' | 'unknown' | 'neutral' | 'warning';

/**
 * The shape that goes with a tone, so a verdict never rests on colour alone
 * (colour-blind responders, a monochrome export): the timeline's rows and the
 * output under a step card use the same marks.
 */
export function toneMark(tone: EventTone): string {
  switch (tone) {
    case 'failed':
      return '✗';
    case 'cancelled':
      return '⊘';
    case 'unknown':
      return '?';
    case 'running':
      return '▶';
    case 'warning':
      return '!';
    case 'neutral':
      return '·';
    default:
      return '✓';
  }
}

/** An event reduced to what a reader needs, in plain words: the same in the app's timeline and every export. */
export interface EventDescription {
  /** A short label: Step, Typed, Note, Status… never an internal kind name. */
  label: string;
  /** One line of what happened. */
  summary: string;
  /** A command to show as code (typed commands; a step's code), or null. */
  command: string | null;
  tone: EventTone;
  /**
   * True for bookkeeping a person does not read as its own row: a star
   * toggle, a note's new version, a terminal resize, each exported param,
   * a confirmation (the step row says it), a status-driven moment.
   */
  folded: boolean;
}

const ROLE_LABELS = { commander: 'Incident commander', communicationsLead: 'Communications lead', responders: 'Responders' } as const;
const MOMENT_LABELS = { started: 'Started', detected: 'Detected', acknowledged: 'Acknowledged', mitigated: 'Mitigated', resolved: 'Resolved' } as const;

/** `2024-05-14 03:12:09 UTC` from an ISO timestamp; the input unchanged when it does not parse. */
export function formatUtc(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** How long a step or command took: `850 ms`, `1.2 s`, `4m 12s`, `1h 05m`. */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  if (total < 3600) return `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s`;
  return `${Math.floor(total / 3600)}h ${String(Math.floor((total % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A drill's title as recorded: drills declared before titles were cleaned
 * carry "Drill: " in the title itself, which every view also adds.
 */
export function bareIncidentTitle(title: string, kind: 'incident' | 'drill' | 'practice'): string {
  return kind === 'drill' ? title.replace(/^(Drill: )+/, '') : title;
}

/** Words for a finished step's verdict: "passed · exit 0 · 1.2 s", "FAILED · exit 1 · expected exit 0". */
export function describeStepOutcome(outcome: {
  status: string;
  exitCode: number | null;
  durationMs: number | null;
  expect: { passed: boolean | null; description: string } | null;
  message: string | null;
}): { text: string; tone: EventTone } {
  const parts: string[] = [];
  const duration = outcome.durationMs === null ? null : formatElapsed(outcome.durationMs);
  let tone: EventTone;
  switch (outcome.status) {
    case 'passed': {
      const allowed = outcome.exitCode !== null && outcome.exitCode !== 0;
      tone = allowed ? 'passed-allowed' : 'passed';
      parts.push(allowed ? `passed with exit ${outcome.exitCode} (allowed: ${outcome.expect?.description ?? 'by the runbook'})` : 'passed');
      if (!allowed && outcome.exitCode !== null) parts.push(`exit ${outcome.exitCode}`);
      break;
    }
    case 'failed':
      tone = 'failed';
      parts.push('FAILED');
      // The expectation's words already name the exit code when that is what failed ("expected exit code 0; exit code was 1").
      if (outcome.expect && outcome.expect.passed === false) {
        if (outcome.exitCode !== null && !/exit code/.test(outcome.expect.description)) parts.push(`exit ${outcome.exitCode}`);
        parts.push(outcome.expect.description);
      } else {
        if (outcome.exitCode !== null) parts.push(`exit ${outcome.exitCode}`);
        if (outcome.message) parts.push(outcome.message);
      }
      break;
    case 'cancelled':
      tone = 'cancelled';
      parts.push(outcome.message && outcome.message !== 'Cancelled.' ? outcome.message.replace(/\.$/, '') : 'cancelled');
      break;
    case 'unknown':
      tone = 'unknown';
      parts.push('sent; exit code unknown');
      break;
    default:
      tone = 'running';
      parts.push(outcome.status);
  }
  if (duration) parts.push(duration);
  return { text: parts.join(' · '), tone };
}

function listOrNone(value: string | string[] | null): string {
  if (value === null) return '(none)';
  return Array.isArray(value) ? value.join(', ') || '(none)' : value;
}

function describeChanges(changes: Record<string, { from: unknown; to: unknown }>): string {
  const parts: string[] = [];
  const postmortem: string[] = [];
  for (const [field, change] of Object.entries(changes)) {
    if (field.startsWith('postmortem.')) postmortem.push(field.slice('postmortem.'.length).replace(/([A-Z])/g, ' $1').toLowerCase());
    else if (field === 'title') parts.push(`Renamed to “${String(change.to)}”`);
    else if (field === 'severity') parts.push(`Severity ${String(change.from)} → ${String(change.to)}`);
    else if (field === 'services') parts.push(`Services: ${Array.isArray(change.to) ? change.to.join(', ') || '(none)' : String(change.to)}`);
    else parts.push(`Changed ${field}`);
  }
  if (postmortem.length) parts.push(`Edited the postmortem (${postmortem.join(', ')})`);
  return parts.join('; ') || 'Details edited';
}

/** How one event reads, in the app's timeline and in every export. */
export function describeEvent(event: TimelineEvent): EventDescription {
  const row = (label: string, summary: string, extra: Partial<EventDescription> = {}): EventDescription => ({
    label,
    summary,
    command: null,
    tone: 'neutral',
    folded: false,
    ...extra,
  });
  switch (event.kind) {
    case 'incident.declared': {
      const { kind, severity, title } = event.data;
      if (kind === 'drill') return row('Declared', `Drill “${bareIncidentTitle(title, kind)}” started by ${event.actor}`);
      if (kind === 'practice') return row('Declared', `Practice session started by ${event.actor}`);
      return row('Declared', `${severity} incident “${title}” declared by ${event.actor}`);
    }
    case 'incident.updated':
      return row('Details', describeChanges(event.data.changes));
    case 'status.changed':
      return row('Status', `Status: ${event.data.from} → ${event.data.to}`, { tone: event.data.to === 'resolved' || event.data.to === 'mitigated' ? 'passed' : 'neutral' });
    case 'role.changed':
      return row('Roles', `${ROLE_LABELS[event.data.role]}: ${listOrNone(event.data.to)}`);
    case 'moment.set': {
      const { moment, to, automatic } = event.data;
      const name = MOMENT_LABELS[moment];
      const summary = to ? `${name} at ${formatUtc(to)}${automatic ? (moment === 'acknowledged' ? ' (the first action on the record)' : '') : ' (set by hand)'}` : `${name} time cleared`;
      // Mitigated/resolved set by a status change are said by the status row.
      return row('Key moment', summary, { folded: automatic && (moment === 'mitigated' || moment === 'resolved') });
    }
    case 'runbook.opened':
      return row('Runbook', `Opened runbook “${event.data.title}”`);
    case 'runbook.trusted':
      return row('Runbook', `Trusted runbook “${event.data.runbookTitle}” after reviewing its ${event.data.commandCount} command${event.data.commandCount === 1 ? '' : 's'}`);
    case 'param.set':
      return row('Param', `${event.data.name} = ${event.data.value === '' ? '(empty)' : event.data.value}`, { folded: true });
    case 'confirmation.given': {
      const { title, kind, param, word, by, flag, production } = event.data;
      const typed = kind === 'word' ? (param ? `the value of ${param}` : `“${word ?? ''}”`) : null;
      // Who gave it comes first: a flag or a drill must never read as a person typing the word.
      const how =
        by === 'flag'
          ? ` in advance with ${flag ?? 'a command-line flag'}${typed ? ` (nobody typed ${typed})` : ''}`
          : by === 'drill'
            ? ' automatically by the drill'
            : typed
              ? ` by typing ${typed}`
              : '';
      return row('Confirmed', `Confirmed “${title}”${how}${production ? ' (production)' : ''}`, { folded: true });
    }
    case 'step.started':
      return row('Step', `Started “${event.data.title}”${event.data.production ? ' on production' : ''}`, { command: event.data.command, tone: 'running' });
    case 'step.finished': {
      const outcome = describeStepOutcome(event.data);
      return row('Step', `“${event.data.title}” ${outcome.text}`, { command: event.data.command, tone: outcome.tone });
    }
    case 'step.cancelled': {
      const { reason, timeoutMs, title } = event.data;
      const why = reason === 'user' ? 'by the responder' : reason === 'timeout' ? `: timed out${timeoutMs ? ` after ${formatElapsed(timeoutMs)}` : ''}` : `: ${reason}`;
      return row('Step', `Cancelling “${title}” ${why}`.replace(' :', ':'), { tone: 'cancelled', folded: true });
    }
    case 'command.manual': {
      const { exitCode, durationMs, state } = event.data;
      const parts = [state === 'sessionEnded' ? 'the terminal closed before it finished' : exitCode === null ? 'exit code unknown' : `exit ${exitCode}`];
      if (durationMs !== null) parts.push(formatElapsed(durationMs));
      return row('Typed', parts.join(' · '), {
        command: event.data.commandLine,
        tone: exitCode === null ? 'unknown' : exitCode === 0 ? 'passed' : 'failed',
      });
    }
    case 'checklist.ticked':
      return row('Checklist', `${event.data.checked ? 'Ticked' : 'Unticked'} “${event.data.text}”`);
    case 'session.started':
      return row('Terminal', `Opened a ${event.data.shellKind === 'unknown' ? '' : `${event.data.shellKind} `}terminal`, { folded: true });
    case 'session.resized':
      return row('Terminal', `Terminal resized to ${event.data.cols}×${event.data.rows}`, { folded: true });
    case 'session.ended': {
      // Firebreak ending its own shell (quit, the end of a CLI run) is orderly whatever signal it took.
      const abnormal = !event.data.orderly && (event.data.signal !== null || (event.data.exitCode !== null && event.data.exitCode !== 0));
      return row('Terminal', event.data.message ?? 'The terminal closed.', { folded: !abnormal, tone: abnormal ? 'warning' : 'neutral' });
    }
    case 'note':
      return row('Note', event.data.text);
    case 'note.edited':
      return row('Note', event.data.text, { folded: true });
    case 'event.starred':
      // Not a seq: the target is named by its global id, and a number here would differ per responder.
      return row('Star', `${event.data.starred ? 'Starred' : 'Unstarred'} a timeline event`, { folded: true });
    case 'output.sharing':
      return row('Team', event.data.enabled ? `Full terminal output shared with the team (up to ${formatBytes(event.data.capBytes)} per run)` : 'Only output excerpts shared with the team', { folded: true });
    case 'step.output':
      return row(
        'Output',
        `Full output of “${event.data.title}” shared: ${formatBytes(event.data.sharedBytes)}${event.data.cut ? ` of ${formatBytes(event.data.totalBytes)}, cut at the ${formatBytes(event.data.capBytes)} cap` : ''}`,
        { folded: true },
      );
    case 'drill.started':
      return row('Drill', `Drill of “${event.data.runbookTitle}” started${event.data.profile ? ` with the ${event.data.profile} profile` : ''}`);
    case 'drill.lab': {
      const { state, detail } = event.data;
      const text = state === 'starting' ? `Starting the lab: ${detail}` : state === 'started' ? `Lab started ${detail}` : state === 'healthy' ? `Lab healthy again: ${detail}` : `Lab broken again: ${detail}`;
      return row('Lab', text, { tone: state === 'healthy' ? 'passed' : state === 'broken' ? 'failed' : 'neutral' });
    }
    case 'drill.fault':
      return row('Drill', `T+0: fault injected — ${event.data.fault}`, { tone: 'warning' });
    case 'drill.inject':
      return row('Inject', `${event.data.message}${event.data.result ? ` (${event.data.result})` : ''}`);
    case 'drill.problem':
      return row('Drill', `Problem: ${event.data.message}`, { tone: 'warning' });
    case 'drill.ended':
      return row('Drill', event.data.message);
    case 'drill.scored':
      return row('Drill', `Drill scored (${event.data.outcome})`);
    case 'record.gap': {
      const { reason, since, until } = event.data;
      return row('Not recorded', `The record has a hole: ${describeGap(event.data) || 'writes'} could not be recorded (${reason}; ${formatUtc(since)} to ${formatUtc(until)})`, { tone: 'failed' });
    }
    case 'alert.received': {
      const { alertname, status, annotations, startsAt, endsAt, labels } = event.data;
      const name = alertname || 'An alert';
      const summary = annotations.summary ?? annotations.description ?? '';
      const where = labels.instance ? ` on ${labels.instance}` : '';
      if (status === 'resolved') {
        return row('Alert', `${name}${where} resolved${endsAt ? ` at ${formatUtc(endsAt)}` : ''}${summary ? ` — ${summary}` : ''}`, { tone: 'passed' });
      }
      return row('Alert', `${name}${where} firing${startsAt ? ` since ${formatUtc(startsAt)}` : ''}${summary ? ` — ${summary}` : ''}`, { tone: 'warning' });
    }
    case 'comms.update': {
      const firstLine = event.data.plain.split('\n').find((line) => line.trim()) ?? '';
      return row('Update sent', `Status update${event.data.channel ? ` to ${event.data.channel}` : ''}: ${firstLine}${event.data.nextUpdateAt ? ` (next update by ${formatUtc(event.data.nextUpdateAt)})` : ''}`);
    }
    case 'unknown': {
      const data = event.data.data;
      const text = typeof data.summary === 'string' ? data.summary : typeof data.text === 'string' ? data.text : '';
      return row('Event', text || `An event this version of Firebreak does not know (“${event.data.storedKind}”)`);
    }
  }
}

/** Bytes in words: 5 MiB, 300 KiB, 12 bytes. */
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
