import { useAppStore } from '../store/app-store';
import { STATUS_STEPS } from './incident-labels';
import { RecordModal } from './RecordModal';

/** Sets the status with one key each: 1 investigating, 2 identified, 3 mitigated, 4 resolved. */
export function StatusMenu() {
  const incident = useAppStore((state) => state.incident);
  const setStatus = useAppStore((state) => state.setIncidentStatus);
  const close = () => useAppStore.getState().openRecordDialog(null);
  if (!incident) return null;
  const choose = (status: (typeof STATUS_STEPS)[number]['status']) => {
    close();
    if (status !== incident.status) void setStatus(status);
  };
  return (
    <RecordModal label="Set status" onClose={close}>
      <div
        onKeyDown={(event) => {
          const step = STATUS_STEPS.find((candidate) => candidate.key === event.key);
          if (!step) return;
          event.preventDefault();
          choose(step.status);
        }}
      >
        <h2>Status</h2>
        <p className="muted dialog-note">Mitigated and resolved also set that key moment when it is not set yet.</p>
        <ul className="status-menu" role="listbox" aria-label="Status">
          {STATUS_STEPS.map((step) => (
            <li key={step.status}>
              <button
                type="button"
                autoFocus={step.status === incident.status}
                className={`status-option status-${step.status}${step.status === incident.status ? ' current' : ''}`}
                onClick={() => choose(step.status)}
                aria-current={step.status === incident.status}
              >
                <kbd>{step.key}</kbd> {step.label}
                {step.status === incident.status && <span className="muted"> · current</span>}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </RecordModal>
  );
}
