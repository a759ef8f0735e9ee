import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway data folder and a quiet bash home for drill tests (the drill shell is a login bash). */
export interface DrillTestEnv {
  root: string;
  dataDir: string;
  terminal: { shell: string; cwd: string; env: NodeJS.ProcessEnv };
  remove(): void;
}

/** Creates the folders; remove() deletes them. */
export function createDrillTestEnv(): DrillTestEnv {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-drill-test-'));
  const home = path.join(root, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, '.bashrc'), 'PS1="drill$ "\n');
  fs.writeFileSync(path.join(home, '.bash_profile'), '. "$HOME/.bashrc"\n');
  return {
    root,
    dataDir: path.join(root, 'data'),
    terminal: { shell: '/bin/bash', cwd: home, env: { ...process.env, HOME: home } },
    remove: () => fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }),
  };
}
