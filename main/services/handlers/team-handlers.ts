import type { teamRequests } from '../../../shared/ipc/channels/team-channels';
import type { TeamService } from '../../team/team-service';
import { ContractFailure } from '../../../shared/ipc/envelope';
import type { HandlersFor } from '../contract-router';

export function teamHandlers(team: () => TeamService | null, savePassword?: (password: string) => void | Promise<void>): HandlersFor<typeof teamRequests> {
  return {
    'team:set-password': async ({ password }) => {
      if (!savePassword) throw new ContractFailure('unavailable', 'Only the desktop app can keep the password (in the OS keychain); here, put it in ~/.pgpass.');
      // Awaited: in the app the keychain is in another process (Electron main), and its refusal must reach the caller.
      await savePassword(password);
      return {};
    },
    'team:status': () =>
      team()?.status() ?? { connected: false, team: null, state: 'synced', pending: 0, offlineSince: null, lastSyncAt: null, error: null },
    'team:presence': ({ incidentId }) => team()?.presence(incidentId) ?? [],
    'team:share-output': ({ incidentId, enabled, capBytes }) => {
      const service = team();
      if (!service) throw new ContractFailure('unavailable', 'The team service is not running.');
      return service.setOutputSharing(incidentId, enabled, capBytes);
    },
  };
}
