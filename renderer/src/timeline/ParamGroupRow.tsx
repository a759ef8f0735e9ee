import type { EventOfKind } from '../../../shared/model/timeline';
import { utcClock } from '../incidents/format-duration';

/** The params one step run exported, folded into a row that opens to list them (secrets stay masked). */
export function ParamGroupRow({ events }: { events: Array<EventOfKind<'param.set'>> }) {
  const first = events[0]!;
  const profile = first.data.profile ? ` (profile ${first.data.profile})` : '';
  return (
    <li className="timeline-event kind-param-set param-group" data-kind="param.set" data-seq={first.seq}>
      <time dateTime={first.ts}>{utcClock(first.ts)}</time>
      <details className="event-text">
        <summary>
          {events.length} params set for the run{profile}
        </summary>
        <ul className="param-group-list">
          {events.map((event) => (
            <li key={event.seq} data-seq={event.seq}>
              <code>{event.data.name}</code> = {event.data.secret ? '••••' : <code>{event.data.value}</code>}
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}
