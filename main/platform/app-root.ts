import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The folder holding package.json, runbooks/ and out/. Found by walking up
 * from this module, because it runs from several depths: out/main/,
 * out/main/chunks/ once bundled, main/platform/ under vitest and tsx, and
 * inside app.asar when packaged.
 */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isFirebreakRoot(dir)) return (cachedRoot = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find Firebreak's package.json above ${fileURLToPath(import.meta.url)}.`);
    dir = parent;
  }
}

function isFirebreakRoot(dir: string): boolean {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
    return manifest.name === 'firebreak';
  } catch {
    return false;
  }
}

/** The runbooks that ship with Firebreak: beside the app, or in the packaged app's resources. */
export function bundledRunbooksDir(resourcesPath?: string): string {
  return resourcesPath ? path.join(resourcesPath, 'runbooks') : path.join(appRoot(), 'runbooks');
}

/** The built renderer (index.html and assets). */
export function rendererDir(): string {
  return path.join(appRoot(), 'out', 'renderer');
}
