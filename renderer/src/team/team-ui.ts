import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { TeamSyncStatus } from '../../../shared/ipc/channels/team-channels';
import { call, subscribe } from '../ipc/bridge';

/** Which part of the Team panel takes focus when it opens. */
export type TeamPanelFocus = 'connect' | 'share' | 'join';

/** The Team panel's own small store (like the alert dialogs'): whether it is open, and where focus goes. */
interface TeamUiState {
  open: TeamPanelFocus | null;
  /**
   * An invite handed to the app (firebreak://join/CODE) for the Join field.
   * `seq` tells a second arrival of the same code from the first, so the
   * field is filled again if the responder cleared it.
   */
  prefill: { invite: string; seq: number } | null;
  show(focus: TeamPanelFocus | null): void;
  /** Opens the panel with the code in Join; joining stays the responder's press. */
  openInvite(invite: string): void;
}

export const useTeamUi = create<TeamUiState>((set) => ({
  open: null,
  prefill: null,
  // Closing forgets an invite that was not joined, so the next opening starts with an empty Join field.
  show: (open) => set(open === null ? { open, prefill: null } : { open }),
  openInvite: (invite) => set((state) => ({ open: 'join', prefill: { invite, seq: (state.prefill?.seq ?? 0) + 1 } })),
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
