import type { teamRequests } from '../../../shared/ipc/channels/team-channels';
import type { TeamService } from '../../team/team-service';
import type { HandlersFor } from '../contract-router';

export function teamHandlers(team: () => TeamService | null): HandlersFor<typeof teamRequests> {
  return {
    'team:status': () =>
      team()?.status() ?? { connected: false, team: null, state: 'synced', pending: 0, offlineSince: null, lastSyncAt: null, error: null },
    'team:presence': ({ incidentId }) => team()?.presence(incidentId) ?? [],
  };
}
