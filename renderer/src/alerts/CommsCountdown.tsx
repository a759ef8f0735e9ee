import { formatCountdown } from '../../../shared/alerts/status-update';
import { useNow } from '../incidents/use-now';
import { useAppStore } from '../store/app-store';
import { useAlertUi } from './alert-ui';
import { nextUpdateFor } from './StatusUpdateDialog';

/** "Next update 12:04" in the header; when overdue, it nudges the communications lead by name. */
export function CommsCountdown() {
  const incident = useAppStore((state) => state.incident);
  const cadenceSetting = useAlertUi((state) => state.cadenceSetting);
  const dueAt = useAppStore((state) => (state.incident?.kind === 'incident' ? nextUpdateFor(state, cadenceSetting) : null));
  const now = useNow(dueAt !== null);
  if (!incident || !dueAt) return null;
  const { text, overdue } = formatCountdown(dueAt, now);
  const lead = incident.communicationsLead;
  return (
    <button
      type="button"
      className={`badge comms-countdown${overdue ? ' danger' : ''}`}
      data-testid="comms-countdown"
      title="Write a status update"
      onClick={() => useAlertUi.getState().open('update')}
    >
      {overdue ? `Update overdue ${text.slice(1)}${lead ? ` — ${lead}, post an update` : ' — post an update'}` : `Next update ${text}`}
    </button>
  );
}
