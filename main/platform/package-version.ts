import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from './app-root';

/** Firebreak's version, from the package.json it ships with. */
export function readPackageVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(appRoot(), 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
