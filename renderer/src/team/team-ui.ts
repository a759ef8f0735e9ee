import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { TeamSyncStatus } from '../../../shared/ipc/channels/team-channels';
import { call, subscribe } from '../ipc/bridge';

/** Which part of the Team panel takes focus when it opens. */
export type TeamPanelFocus = 'connect' | 'share' | 'join';

/** The Team panel's own small store (like the alert dialogs'): whether it is open, and where focus goes. */
interface TeamUiState {
  open: TeamPanelFocus | null;
  show(focus: TeamPanelFocus | null): void;
}

export const useTeamUi = create<TeamUiState>((set) => ({
  open: null,
  show: (open) => set({ open }),
}));

/** The sync status from main: asked once, then kept current by 'team:status' events. Null until the first answer. */
export function useTeamSyncStatus(): TeamSyncStatus | null {
  const [status, setStatus] = useState<TeamSyncStatus | null>(null);
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
  return status;
}
