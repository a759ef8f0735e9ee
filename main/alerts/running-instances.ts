import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a running Firebreak says how to reach it, in its data folder, so
 * `firebreak open URL` can hand a link over: the browser host writes its
 * port and token (the file is private to the user, like the database),
 * the desktop app its pid and how to start a second instance (which hands
 * the link to the first through the single-instance lock).
 */
export const BROWSER_HOST_FILE = 'browser-host.json';
export const DESKTOP_APP_FILE = 'desktop-app.json';

export interface BrowserHostInstance {
  pid: number;
  port: number;
  token: string;
}

export interface DesktopAppInstance {
  pid: number;
  /** The program and arguments that start the app; the link is added at the end. */
  command: string[];
}

export function writeInstanceFile(dataDir: string, name: string, value: BrowserHostInstance | DesktopAppInstance): () => void {
  const file = path.join(dataDir, name);
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
  return () => {
    try {
      const current = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number };
      if (current.pid === value.pid) fs.rmSync(file, { force: true });
    } catch {
      // Already gone, or another instance's: leave it.
    }
  };
}

/** The instance described in the data folder, if its process is still alive. */
export function readInstanceFile<T extends { pid: number }>(dataDir: string, name: string): T | null {
  let value: T;
  try {
    value = JSON.parse(fs.readFileSync(path.join(dataDir, name), 'utf8')) as T;
  } catch {
    return null;
  }
  if (!Number.isInteger(value.pid) || value.pid <= 0) return null;
  try {
    process.kill(value.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return value;
}
