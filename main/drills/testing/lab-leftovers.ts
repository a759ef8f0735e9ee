import fs from 'node:fs';
import path from 'node:path';

/** A process that still has something to do with a lab directory. */
export interface LeftoverProcess {
  pid: number;
  command: string;
}

/**
 * Processes whose working directory is inside `dir` or whose command line
 * names it (lab scripts run from <lab>/.lab/, PostgreSQL chdirs into its data
 * directory). Read from /proc, so it sees processes of every user when run as root.
 */
export function processesUsingDir(dir: string): LeftoverProcess[] {
  const found: LeftoverProcess[] = [];
  const real = safeRealpath(dir) ?? dir;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let command = '';
    try {
      command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue;
    }
    const cwd = safeReadlink(`/proc/${pid}/cwd`);
    const insideByCwd = !!cwd && (cwd === real || cwd.startsWith(real + path.sep) || cwd === dir || cwd.startsWith(dir + path.sep));
    if (insideByCwd || command.includes(dir) || command.includes(real)) found.push({ pid, command });
  }
  return found;
}

/** TCP ports in LISTEN state on this host (IPv4 and IPv6), from /proc/net/tcp*. */
export function listeningPorts(): Set<number> {
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // Field 3 is the state; 0A is TCP_LISTEN.
      if (fields.length > 3 && fields[3] === '0A') ports.add(parseInt(fields[1]!.split(':').pop()!, 16));
    }
  }
  return ports;
}

/** What of a lab is still around: processes and listening ports. Empty lists mean clean. */
export function labLeftovers(dir: string, ports: readonly number[]): { processes: LeftoverProcess[]; ports: number[] } {
  const listening = listeningPorts();
  return { processes: processesUsingDir(dir), ports: ports.filter((port) => listening.has(port)) };
}

function safeReadlink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}

function safeRealpath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}
