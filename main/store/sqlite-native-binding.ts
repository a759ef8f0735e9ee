import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from '../platform/app-root';

/**
 * Under Electron in development, better-sqlite3's Electron build lives beside
 * the Node one (see scripts/native-modules.mjs). Returns its path when this
 * process is Electron and that build exists; otherwise undefined, and
 * better-sqlite3 loads its default build (Node, or the packaged app's, which
 * electron-builder rebuilt for Electron).
 */
export function sqliteNativeBinding(versions: NodeJS.ProcessVersions = process.versions): string | undefined {
  if (!versions.electron) return undefined;
  const candidate = path.join(appRoot(), 'node_modules', '.firebreak-native', `electron-abi${versions.modules}`, 'better_sqlite3.node');
  return fs.existsSync(candidate) ? candidate : undefined;
}
