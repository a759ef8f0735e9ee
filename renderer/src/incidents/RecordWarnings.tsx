import { useAppStore } from '../store/app-store';

/** record:warning (e.g. a full disk): shown in a band until the responder dismisses it. */
export function RecordWarnings() {
  const warnings = useAppStore((state) => state.recordWarnings);
  const dismiss = useAppStore((state) => state.dismissRecordWarning);
  if (warnings.length === 0) return null;
  return (
    <div className="record-warnings" role="alert" data-testid="record-warning">
      {warnings.map((message) => (
        <div key={message} className="record-warning">
          <strong>Record problem:</strong>
          <span>{message}</span>
          <span className="muted">The terminal keeps working.</span>
          <button type="button" className="button small" onClick={() => dismiss(message)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
