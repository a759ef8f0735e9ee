import type { appRequests } from '../../../shared/ipc/channels/app-channels';
import { currentUser } from '../../platform/app-paths';
import type { HandlersFor } from '../contract-router';

export interface AppInfoSource {
  version: string;
  host: 'electron' | 'browser';
  dataDir: string;
  databasePath: string;
  runbookDirs(): string[];
  warnings(): string[];
}

export function appHandlers(source: AppInfoSource): HandlersFor<typeof appRequests> {
  return {
    'app:info': () => ({
      version: source.version,
      host: source.host,
      dataDir: source.dataDir,
      databasePath: source.databasePath,
      runbookDirs: source.runbookDirs(),
      user: currentUser(),
      platform: process.platform,
      warnings: source.warnings(),
    }),
  };
}
