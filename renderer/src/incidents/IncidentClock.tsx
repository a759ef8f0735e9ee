import type { IncidentSummary } from '../../../shared/ipc/channels/incident-channels';
import { formatDuration } from './format-duration';
import { useNow } from './use-now';

/**
 * The incident clock and time-to-acknowledge / mitigate / resolve. Main
 * computes the figures at `asOf`; the clock ticks on from there while the
 * incident is open and stops once it is resolved.
 */
export function IncidentClock({ incident }: { incident: IncidentSummary }) {
  const running = incident.keyMoments.started !== null && incident.keyMoments.resolved === null;
  const now = useNow(running);
  const { durations } = incident;
  const sinceAsOf = running ? Math.max(0, now - Date.parse(incident.asOf)) : 0;
  const elapsed = durations.elapsedMs === null ? null : durations.elapsedMs + sinceAsOf;
  return (
    <span className="incident-clock" data-testid="incident-clock" data-running={running}>
      <span className={`clock-elapsed${running ? ' running' : ''}`} title={running ? 'Incident clock: since it started' : 'Incident clock: stopped at resolution'}>
        <span className="clock-dot" aria-hidden="true" />
        <span data-testid="incident-elapsed">{formatDuration(elapsed)}</span>
      </span>
      <span className="clock-figure" title="Time to acknowledge (from detection, else start)">
        TTA {formatDuration(durations.timeToAcknowledgeMs)}
      </span>
      <span className="clock-figure" title="Time to mitigate">
        TTM {formatDuration(durations.timeToMitigateMs)}
      </span>
      <span className="clock-figure" title="Time to resolve">
        TTR {formatDuration(durations.timeToResolveMs)}
      </span>
    </span>
  );
}
