import { useEffect, useState } from 'react';
import type { TeamSyncStatus } from '../../../shared/ipc/channels/team-channels';
import { call, subscribe } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import { describeSync } from './describe-sync';

/** How often the list of who is on the incident is refreshed (ms). */
const PRESENCE_REFRESH_MS = 15_000;

/**
 * The team sync indicator in the top bar: synced / N pending / offline since
 * …, and who else is on the shared incident. Nothing at all when the data
 * folder is not connected to a team.
 */
export function SyncIndicator() {
  const [status, setStatus] = useState<TeamSyncStatus | null>(null);
  const [present, setPresent] = useState<string[]>([]);
  const incidentId = useAppStore((state) => state.incident?.id);

  useEffect(() => {
    let live = true;
    call('team:status', {})
      .then((value) => live && setStatus(value))
      .catch(() => undefined);
    const unsubscribe = subscribe('team:status', (value) => setStatus(value));
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);

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
  const { text, tone } = describeSync(status);
  return (
    <span className="sync-indicator" data-testid="sync-indicator" aria-live="polite">
      <span className={`badge ${tone === 'danger' ? 'danger' : 'subtle'}`} title={status.error ?? (status.lastSyncAt ? `last sync ${status.lastSyncAt}` : '')}>
        {text}
      </span>
      {present.length > 0 && (
        <span className="muted" title="On this incident now">
          {' '}
          · on it: {present.join(', ')}
        </span>
      )}
    </span>
  );
}
