import os from 'node:os';
import path from 'node:path';

/** The product name Electron uses for its user-data folder; the CLI must agree with it. */
export const PRODUCT_NAME = 'Firebreak';

/**
 * The folder Electron's `app.getPath('userData')` resolves to, computed
 * without Electron so the CLI and the browser host find the same database.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.FIREBREAK_HOME) return path.resolve(env.FIREBREAK_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

export function databasePathIn(dataDir: string): string {
  return path.join(dataDir, 'firebreak.sqlite3');
}

/** Who is acting, for the timeline: the OS user, or $USER where the OS cannot say. */
export function currentUser(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}
