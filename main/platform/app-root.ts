import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json, runbooks/ and out/. The built main and
 * CLI bundles live in out/main/, two levels below it; under vitest and tsx
 * the sources live in main/platform/, also two levels below it.
 */
export function appRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The runbooks that ship with Firebreak: beside the app, or in the packaged app's resources. */
export function bundledRunbooksDir(resourcesPath?: string): string {
  return resourcesPath ? path.join(resourcesPath, 'runbooks') : path.join(appRoot(), 'runbooks');
}

/** The built renderer (index.html and assets). */
export function rendererDir(): string {
  return path.join(appRoot(), 'out', 'renderer');
}
