import fs from 'node:fs';
import path from 'node:path';

/** What reading a JSON file found: its value, nothing (no file yet), or a file that could not be used. */
export type JsonFileRead =
  | { kind: 'missing' }
  | { kind: 'ok'; value: unknown }
  | { kind: 'corrupt'; reason: string };

/**
 * Reads a JSON file. A missing file is not an error; unreadable bytes or
 * invalid JSON are reported as `corrupt` with the reason, never thrown.
 */
export function readJsonFile(file: string): JsonFileRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: the data folder itself is missing or a file; the write names that problem.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'corrupt', reason: `cannot be read (${(error as Error).message})` };
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'corrupt', reason: `is not valid JSON (${(error as Error).message})` };
  }
}

/**
 * Writes JSON so that a crash at any moment leaves either the old file or the
 * new one, never half of each: write a temporary file beside it, fsync it,
 * rename it over the target, then fsync the folder so the rename itself is
 * durable.
 */
export function writeJsonFileAtomic(file: string, value: unknown): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(dir);
}

/**
 * Moves an unusable file aside (never deletes it) so the user can recover
 * what was in it. Returns where it went.
 */
export function moveAside(file: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let n = 2; fs.existsSync(target); n++) target = `${file}.corrupt-${stamp}-${n}`;
  fs.renameSync(file, target);
  return target;
}

function syncFolder(dir: string): void {
  // Windows cannot open a folder for fsync; the rename is still atomic there.
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the data itself is already synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
