import type { TeamSyncStatus } from '../../../shared/ipc/channels/team-channels';

/** The indicator's words: "synced", "3 pending", "offline since 09:41 UTC (5 pending)". */
export function describeSync(status: TeamSyncStatus): { text: string; tone: 'ok' | 'pending' | 'danger' } {
  const team = status.team ? `${status.team}: ` : '';
  switch (status.state) {
    case 'connecting':
      return { text: `${team}connecting…`, tone: 'pending' };
    case 'offline': {
      const since = status.offlineSince ? ` since ${status.offlineSince.slice(11, 16)} UTC` : '';
      const pending = status.pending ? ` (${status.pending} pending)` : '';
      return { text: `${team}offline${since}${pending}`, tone: 'danger' };
    }
    case 'pending':
      return { text: `${team}${status.pending} pending`, tone: 'pending' };
    default:
      return { text: `${team}synced`, tone: 'ok' };
  }
}
