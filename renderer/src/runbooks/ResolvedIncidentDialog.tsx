import { useAppStore } from '../store/app-store';
import { RecordModal } from '../incidents/RecordModal';

/**
 * A step was about to record into a resolved incident: the responder
 * chooses — reopen it, declare a follow-up, or record into it anyway —
 * instead of the record silently growing after its resolution.
 */
export function ResolvedIncidentDialog() {
  const asked = useAppStore((state) => state.resolvedRun);
  const incident = useAppStore((state) => state.incident);
  const answer = useAppStore((state) => state.answerResolvedRun);
  if (!asked) return null;
  return (
    <RecordModal label="Incident is resolved" onClose={() => void answer('cancel')}>
      <h2>“{incident?.title ?? 'This incident'}” is resolved</h2>
      <p>
        Running “{asked.pending.step.title}” now would add to the record of an incident that is over. What is this run part of?
      </p>
      <div className="modal-actions">
        <button type="button" className="button" onClick={() => void answer('cancel')}>
          Cancel
        </button>
        <span className="spacer" />
        <button type="button" className="button" onClick={() => void answer('anyway')}>
          Record into it anyway
        </button>
        <button type="button" className="button" onClick={() => void answer('follow-up')}>
          Declare a follow-up…
        </button>
        <button type="button" className="button primary" autoFocus onClick={() => void answer('reopen')}>
          Reopen and run
        </button>
      </div>
    </RecordModal>
  );
}
