import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * The process group in the foreground of the shell's terminal (`tpgid`): the
 * job a Ctrl-C would reach. Equal to the shell's pid while the shell itself
 * waits at its prompt or runs a builtin. Undefined when it cannot be read
 * (the process is gone, or the platform has neither /proc nor ps).
 */
export function foregroundProcessGroup(shellPid: number): number | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    // /proc/<pid>/stat: the command name may hold spaces and parentheses, so
    // fields are counted after the last ')'. tpgid is field 8 overall.
    const stat = fs.readFileSync(`/proc/${shellPid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tpgid = Number(fields[5]);
    return Number.isInteger(tpgid) && tpgid > 0 ? tpgid : undefined;
  } catch {
    // No /proc (macOS, BSD): ps reports the same field.
  }
  try {
    const out = execFileSync('ps', ['-o', 'tpgid=', '-p', String(shellPid)], { encoding: 'utf8', timeout: 2000 });
    const tpgid = Number(out.trim());
    return Number.isInteger(tpgid) && tpgid > 0 ? tpgid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends a signal to the foreground job of the shell, never to the shell
 * itself. Returns false when the shell is in the foreground (nothing but a
 * builtin is running) or the group could not be found or signalled.
 */
export function signalForegroundJob(shellPid: number, signal: NodeJS.Signals): boolean {
  const group = foregroundProcessGroup(shellPid);
  if (group === undefined || group === shellPid) return false;
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}
