import type { TeamSyncStatus } from '../../../shared/ipc/channels/team-channels';

/** The indicator's words in three parts, so a narrow top bar can drop the team and the detail and keep the state. */
export interface SyncWords {
  /** "sre: " (empty without a team). */
  team: string;
  /** "synced", "3 pending", "offline", "connecting…". */
  state: string;
  /** " since 09:41 UTC (5 pending)" while offline, else empty. */
  detail: string;
}

/** The indicator's words: "synced", "3 pending", "offline since 09:41 UTC (5 pending)". */
export function describeSync(status: TeamSyncStatus): { text: string; tone: 'ok' | 'pending' | 'danger'; words: SyncWords } {
  const team = status.team ? `${status.team}: ` : '';
  const result = (state: string, tone: 'ok' | 'pending' | 'danger', detail = '') => ({ text: `${team}${state}${detail}`, tone, words: { team, state, detail } });
  switch (status.state) {
    case 'connecting':
      return result('connecting…', 'pending');
    case 'offline': {
      const since = status.offlineSince ? ` since ${status.offlineSince.slice(11, 16)} UTC` : '';
      const pending = status.pending ? ` (${status.pending} pending)` : '';
      return result('offline', 'danger', `${since}${pending}`);
    }
    case 'pending':
      return result(`${status.pending} pending`, 'pending');
    default:
      return result('synced', 'ok');
  }
}
