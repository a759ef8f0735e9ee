import type { teamRequests } from '../../../shared/ipc/channels/team-channels';
import type { TeamService } from '../../team/team-service';
import { ContractFailure } from '../../../shared/ipc/envelope';
import { OUTPUT_SHARING_OFF } from '../../../shared/team/output-sharing';
import type { HandlersFor } from '../contract-router';

/**
 * The team's errors are domain errors (TeamConfigError is InvalidInput,
 * TeamAccessError Refused, TeamUnreachableError and ServerSchemaError
 * Unavailable), so the router gives them their contract codes like any other.
 */
export function teamHandlers(team: () => TeamService | null, savePassword?: (password: string) => void | Promise<void>): HandlersFor<typeof teamRequests> {
  // Without the incident database there is nothing to share or join into.
  const requireTeam = (): TeamService => {
    const service = team();
    if (!service) throw new ContractFailure('unavailable', 'The incident database is unavailable, so nothing can be shared.');
    return service;
  };
  return {
    'team:set-password': async ({ password }) => {
      if (!savePassword) throw new ContractFailure('unavailable', 'Only the desktop app can keep the password (in the OS keychain); here, put it in ~/.pgpass.');
      // Through the team service when there is one, so it knows a password is kept (it asks the keychain only once).
      const service = team();
      await (service ? service.savePassword(password) : savePassword(password));
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
    // Read from the local record, so it answers with the server unreachable or no team connected (off: the default).
    'team:output-sharing': ({ incidentId }) => team()?.outputSharing(incidentId) ?? OUTPUT_SHARING_OFF,
    'team:search': async ({ text }) => (await team()?.searchIncidents(text)) ?? null,
    'team:connection': () => requireTeam().connection(),
    'team:connect': async (input) => {
      const service = requireTeam();
      await service.connect(input);
      return service.connection();
    },
    'team:lag': async () => ({ lag: (await team()?.lag()) ?? null }),
    'team:invite': ({ incidentId }) => team()?.invite(incidentId) ?? null,
    'team:share': ({ incidentId }) => requireTeam().share(incidentId),
    'team:join': ({ invite }) => requireTeam().join(invite),
  };
}
