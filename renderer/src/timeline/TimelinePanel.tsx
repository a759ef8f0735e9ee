import type { TimelineEvent } from '../../../shared/model/timeline';
import { useAppStore } from '../store/app-store';

/** The incident timeline as committed to SQLite, newest at the bottom, updating live. */
export function TimelinePanel() {
  const incident = useAppStore((state) => state.incident);
  const events = useAppStore((state) => state.events);
  return (
    <aside className="timeline" aria-label="Timeline">
      <header className="pane-header">
        <span className="pane-title">Timeline</span>
        <span className="muted">{events.length} events</span>
      </header>
      {incident && <div className="timeline-incident muted">{incident.title}</div>}
      <ol className="timeline-list" data-testid="timeline">
        {events.length === 0 && <li className="muted empty">Nothing recorded yet. Run a step and it appears here.</li>}
        {events.map((event) => (
          <li key={event.seq} className={`timeline-event kind-${event.kind.replace('.', '-')}`} data-kind={event.kind}>
            <time dateTime={event.ts}>{event.ts.slice(11, 19)}</time>
            <span className="event-text">{describe(event)}</span>
          </li>
        ))}
      </ol>
    </aside>
  );
}

function describe(event: TimelineEvent): string {
  const data = event.data;
  switch (event.kind) {
    case 'step.started':
      return `▶ ${String(data.title ?? data.stepId)} started`;
    case 'step.finished': {
      const exit = typeof data.exitCode === 'number' ? `exit ${data.exitCode}` : 'exit code unknown';
      const duration = typeof data.durationMs === 'number' ? ` in ${(data.durationMs / 1000).toFixed(1)} s` : '';
      return `■ ${String(data.title ?? data.stepId)} finished, ${exit}${duration}`;
    }
    case 'command.manual':
      return `$ ${String(data.command ?? '')}`;
    case 'checklist.ticked':
      return `${data.checked ? '☑' : '☐'} ${String(data.text ?? data.itemId)}`;
    case 'note':
      return `✎ ${String(data.text ?? '')}`;
    default:
      return event.kind;
  }
}
