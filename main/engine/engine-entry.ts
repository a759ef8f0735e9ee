import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { appRoot } from '../platform/app-root';

/**
 * Where the engine host's entry is, and the Node flags it needs. Built:
 * out/main/engine-host.js (an extra main-process input of electron-vite).
 * Run from source (tsx, vitest): the TypeScript entry, loaded through tsx,
 * named by its resolved file so the child's working folder does not matter.
 */
export function engineHostEntry(): { entry: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    return { entry: path.join(path.dirname(here), 'engine-host-main.ts'), execArgv: ['--import', tsx] };
  }
  return { entry: path.join(appRoot(), 'out', 'main', 'engine-host.js'), execArgv: [] };
}
