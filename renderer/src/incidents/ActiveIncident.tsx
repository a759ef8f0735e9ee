import { useAppStore } from '../store/app-store';
import { IncidentClock } from './IncidentClock';

/** Kind badge wording: drills must never be mistaken for the real thing, nor the other way round. */
const KIND_LABEL = { incident: 'Incident', drill: 'Drill', practice: 'Practice' } as const;

/** The active incident, always in the top bar: kind, severity, status, title and the clock. Click to switch. */
export function ActiveIncident() {
  const incident = useAppStore((state) => state.incident);
  const openDialog = useAppStore((state) => state.openRecordDialog);
  if (!incident) return null;
  return (
    <span className={`active-incident kind-${incident.kind}`} data-testid="active-incident">
      <span className={`badge kind-${incident.kind}`} data-testid="incident-kind">
        {KIND_LABEL[incident.kind]}
      </span>
      {incident.kind === 'practice' && (
        <button type="button" className="button small declare-button" onClick={() => openDialog('declare', { declareKind: 'incident' })} title="Declare a real incident (d)" data-testid="declare-incident">
          Declare incident
        </button>
      )}
      {incident.kind !== 'practice' && (
        <span className={`badge severity severity-${incident.severity.toLowerCase()}`} data-testid="incident-severity">
          {incident.severity}
        </span>
      )}
      {incident.kind !== 'practice' && (
        <button
          type="button"
          className={`badge status status-${incident.status}`}
          onClick={() => openDialog('status')}
          title="Set status (s)"
          data-testid="incident-status"
        >
          {incident.status}
        </button>
      )}
      <button type="button" className="incident-title-button" onClick={() => openDialog('incidents')} title={`${incident.title} — switch incident (i)`} data-testid="incident-title">
        {incident.title}
      </button>
      {/* Practice has no clock: nothing is at stake and nothing is being measured. */}
      {incident.kind !== 'practice' && <IncidentClock incident={incident} />}
    </span>
  );
}
