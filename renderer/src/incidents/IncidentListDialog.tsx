import { useEffect, useState } from 'react';
import type { IncidentStatus } from '../../../shared/export/incident-record';
import type { IncidentSummary } from '../../../shared/ipc/channels/incident-channels';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import { formatDuration, utcDateTime } from './format-duration';
import { STATUS_STEPS } from './incident-labels';
import { RecordModal } from './RecordModal';

type Scope = 'incidents' | 'drills' | 'all';

const SCOPES: ReadonlyArray<{ scope: Scope; label: string }> = [
  { scope: 'incidents', label: 'Real incidents' },
  { scope: 'drills', label: 'Drills & practice' },
  { scope: 'all', label: 'All' },
];

/** Every incident, newest first, real ones apart from drills; Enter switches to the chosen one. */
export function IncidentListDialog() {
  const activeId = useAppStore((state) => state.incident?.id);
  const close = () => useAppStore.getState().openRecordDialog(null);
  const [scope, setScope] = useState<Scope>(() => (useAppStore.getState().incident?.kind === 'incident' ? 'incidents' : 'drills'));
  const [openOnly, setOpenOnly] = useState(false);
  const [text, setText] = useState('');
  const [incidents, setIncidents] = useState<IncidentSummary[] | null>(null);
  const [cursor, setCursor] = useState(0);

  useEffect(() => {
    let current = true;
    const statuses: IncidentStatus[] | undefined = openOnly ? STATUS_STEPS.map((s) => s.status).filter((s) => s !== 'resolved') : undefined;
    const timer = setTimeout(() => {
      call('incident:list', { scope, ...(statuses ? { statuses } : {}), ...(text.trim() ? { text: text.trim() } : {}) })
        .then((list) => {
          if (!current) return;
          setIncidents(list);
          setCursor(0);
        })
        .catch((error: unknown) => useAppStore.getState().reportError(error));
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [scope, openOnly, text]);

  const choose = async (incident: IncidentSummary | undefined) => {
    if (!incident) return;
    close();
    if (incident.id !== activeId) await useAppStore.getState().switchIncident(incident.id);
  };
  const declare = (kind: 'incident' | 'drill') => useAppStore.getState().openRecordDialog('declare', { declareKind: kind });

  return (
    <RecordModal label="Incidents" onClose={close} wide>
      <div
        onKeyDown={(event) => {
          const count = incidents?.length ?? 0;
          if (event.key === 'ArrowDown') setCursor((c) => Math.min(count - 1, c + 1));
          else if (event.key === 'ArrowUp') setCursor((c) => Math.max(0, c - 1));
          else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) void choose(incidents?.[cursor]);
          else return;
          event.preventDefault();
        }}
      >
        <div className="dialog-header">
          <h2>Incidents</h2>
          <span className="spacer" />
          <button type="button" className="button danger" onClick={() => declare('incident')}>
            Declare incident
          </button>
          <button type="button" className="button" onClick={() => declare('drill')}>
            Start drill
          </button>
        </div>
        <div className="list-filters">
          <div className="segmented" role="radiogroup" aria-label="Which">
            {SCOPES.map((option) => (
              <button key={option.scope} type="button" role="radio" aria-checked={scope === option.scope} className={`chip${scope === option.scope ? ' active' : ''}`} onClick={() => setScope(option.scope)}>
                {option.label}
              </button>
            ))}
          </div>
          <label className="check">
            <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} /> Open only
          </label>
          <input autoFocus className="list-search" placeholder="Filter by title or service" value={text} onChange={(e) => setText(e.target.value)} aria-label="Filter incidents" />
        </div>
        <ul className="incident-list" role="listbox" aria-label="Incident list">
          {incidents === null && <li className="muted empty">Loading…</li>}
          {incidents?.length === 0 && <li className="muted empty">None{scope === 'incidents' ? ' — drills are under “Drills & practice”.' : '.'}</li>}
          {incidents?.map((incident, index) => (
            <li
              key={incident.id}
              role="option"
              aria-selected={index === cursor}
              className={`incident-row kind-${incident.kind}${index === cursor ? ' cursor' : ''}${incident.id === activeId ? ' active' : ''}`}
              onMouseEnter={() => setCursor(index)}
              onClick={() => void choose(incident)}
            >
              <span className={`badge kind-${incident.kind}`}>{incident.kind}</span>
              {incident.kind !== 'practice' ? <span className={`badge severity severity-${incident.severity.toLowerCase()}`}>{incident.severity}</span> : <span />}
              <span className="incident-row-title">
                {incident.title}
                {incident.services.length > 0 && <span className="muted"> · {incident.services.join(', ')}</span>}
              </span>
              <span className={`status-text status-${incident.status}`}>{incident.status}</span>
              <span className="muted mono">{utcDateTime(incident.keyMoments.started ?? incident.createdAt)}</span>
              <span className="muted mono">{formatDuration(incident.durations.elapsedMs)}</span>
              <span className="muted">{incident.id === activeId ? 'active' : ''}</span>
            </li>
          ))}
        </ul>
        <p className="muted dialog-note">↑↓ to choose · Enter to make it active (new events go to it) · Esc to close</p>
      </div>
    </RecordModal>
  );
}
