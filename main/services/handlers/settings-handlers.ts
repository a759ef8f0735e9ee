import type { settingsRequests } from '../../../shared/ipc/channels/settings-channels';
import { preferenceSizeProblem, type SettingsStore } from '../../settings/settings-store';
import { ContractFailure } from '../../../shared/ipc/envelope';
import type { HandlersFor } from '../contract-router';
import type { EventHub } from '../event-hub';

/** Handlers for UI preferences; every change is announced so other windows and tabs follow. */
export function settingsHandlers(settings: SettingsStore, hub: EventHub): HandlersFor<typeof settingsRequests> {
  return {
    'settings:preferences': () => ({ preferences: { ...settings.current().preferences } }),
    'settings:getPreference': ({ key }) => {
      const value = settings.getPreference(key);
      return value === undefined ? { found: false } : { found: true, value };
    },
    'settings:setPreference': ({ key, value }) => {
      const problem = preferenceSizeProblem(key, value);
      if (problem) throw new ContractFailure('bad_request', problem);
      try {
        settings.setPreference(key, value);
      } catch (error) {
        throw new ContractFailure('unavailable', (error as Error).message);
      }
      hub.emit('settings:preferenceChanged', value === undefined ? { key, found: false } : { key, found: true, value });
      return {};
    },
  };
}
