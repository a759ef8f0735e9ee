import { RecordModal } from '../incidents/RecordModal';
import { useAppStore } from '../store/app-store';

/**
 * Asked before a drill starts while a real incident is open: what the drill
 * does to it (it stops being the active record until the drill ends; it is
 * not closed and its clock keeps running). Staying is the default.
 */
export function StartDrillConfirm() {
  const runbookId = useAppStore((state) => state.drillToConfirm);
  const incident = useAppStore((state) => state.incident);
  const runbookTitle = useAppStore((state) => state.runbooks.find((runbook) => runbook.id === state.drillToConfirm)?.title);
  const confirm = useAppStore((state) => state.confirmDrill);
  if (!runbookId || !incident) return null;
  return (
    <RecordModal label="Start a drill during an incident?" onClose={() => confirm(false)}>
      <div data-testid="drill-confirm">
        <h2>Start a drill while an incident is open?</h2>
        <p>
          <span className="badge kind-incident">Incident</span> <span className={`badge severity severity-${incident.severity.toLowerCase()}`}>{incident.severity}</span>{' '}
          <strong>{incident.title}</strong> is {incident.status}.
        </p>
        <p>
          Starting the drill <strong>{runbookTitle ?? runbookId}</strong> makes the drill the active record: steps, commands and notes go to the drill, not to
          this incident, until the drill ends. The incident stays open, its clock keeps running, and it becomes the active record again when the drill ends.
        </p>
        <div className="modal-actions">
          <button type="button" className="button danger" onClick={() => confirm(true)} data-testid="drill-confirm-start">
            Start the drill anyway
          </button>
          <button type="button" className="button primary" autoFocus onClick={() => confirm(false)}>
            Stay on the incident
          </button>
        </div>
      </div>
    </RecordModal>
  );
}
