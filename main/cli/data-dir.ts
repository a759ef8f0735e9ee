import path from 'node:path';
import type { Command } from 'commander';
import { defaultDataDir } from '../platform/app-paths';

/** The data folder chosen by the global --data-dir option, then FIREBREAK_HOME, then the app's default. */
export function resolveDataDir(command: Command): string {
  const option = command.optsWithGlobals<{ dataDir?: string }>().dataDir;
  return option ? path.resolve(option) : defaultDataDir();
}
