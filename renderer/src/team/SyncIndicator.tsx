import { useEffect, useState } from 'react';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import { describeSync } from './describe-sync';
import { useTeamSyncStatus, useTeamUi } from './team-ui';

/** How often the list of who is on the incident is refreshed (ms). */
const PRESENCE_REFRESH_MS = 15_000;

/**
 * The team sync indicator in the top bar: synced / N pending / offline since
 * …, and who else is on the shared incident. Nothing at all when the data
 * folder is not connected to a team.
 */
export function SyncIndicator() {
  const status = useTeamSyncStatus();
  const [present, setPresent] = useState<string[]>([]);
  const incidentId = useAppStore((state) => state.incident?.id);

  const connected = status?.connected ?? false;
  useEffect(() => {
    if (!connected || !incidentId) return;
    let live = true;
    const refresh = () =>
      call('team:presence', { incidentId })
        .then((list) => live && setPresent(list.map((responder) => responder.displayName)))
        .catch(() => undefined);
    void refresh();
    const timer = setInterval(() => void refresh(), PRESENCE_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [connected, incidentId]);

  if (!status?.connected) return null;
  const { text, tone, words } = describeSync(status);
  return (
    <span className="sync-indicator" data-testid="sync-indicator" aria-live="polite">
      {/* A button: the Team panel (status in full, share, join) is one click or Enter away from the indicator. */}
      <button
        type="button"
        className={`badge sync-button ${tone === 'danger' ? 'danger' : 'subtle'}`}
        title={[text, status.error ?? (status.lastSyncAt ? `last sync ${status.lastSyncAt}` : ''), present.length ? `on it: ${present.join(', ')}` : ''].filter(Boolean).join(' · ')}
        aria-label={`Team sync: ${text}. Open the Team panel`}
        onClick={() => useTeamUi.getState().show('connect')}
      >
        <span className="sync-team">{words.team}</span>
        {words.state}
        <span className="sync-detail">{words.detail}</span>
      </button>
      {present.length > 0 && (
        <span className="muted sync-presence" title="On this incident now">
          {' '}
          · on it: {present.join(', ')}
        </span>
      )}
    </span>
  );
}
