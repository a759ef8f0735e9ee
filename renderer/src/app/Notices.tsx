import { useAppStore } from '../store/app-store';

/** Errors and notices in plain words, dismissable, never modal. */
export function Notices() {
  const notices = useAppStore((state) => state.notices);
  const dismiss = useAppStore((state) => state.dismissNotice);
  if (!notices.length) return null;
  return (
    <div className="notices" role="status" aria-live="assertive">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice ${notice.tone}`}>
          <span>{notice.message}</span>
          <button type="button" className="button ghost" onClick={() => dismiss(notice.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
