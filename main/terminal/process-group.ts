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

/**
 * The environment variable a step run's script exports with the run's id,
 * so every process the step starts carries it, whatever it does to its
 * parentage: a `setsid` daemon whose parent has exited, re-parented to init
 * in a session of its own, is still found by it. The shell integration
 * unsets it at the next prompt, so commands typed afterwards do not carry it.
 */
export const STEP_RUN_ENV = 'FIREBREAK_STEP_RUN';

/**
 * Pids of this user's processes started with `name=value` in their
 * environment (the environment they were started with: /proc/<pid>/environ
 * on Linux, `ps -E` elsewhere). Empty when neither can be read.
 */
function processesWithEnvironment(name: string, value: string): number[] {
  if (process.platform === 'win32') return [];
  const entry = `${name}=${value}`;
  if (process.platform === 'linux') {
    try {
      const wanted = Buffer.from(`\0${entry}\0`);
      const pids: number[] = [];
      for (const pid of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        try {
          // A leading NUL so the first variable matches like any other.
          const environ = Buffer.concat([Buffer.from([0]), fs.readFileSync(`/proc/${pid}/environ`), Buffer.from([0])]);
          if (environ.includes(wanted)) pids.push(Number(pid));
        } catch {
          // Another user's process, or gone.
        }
      }
      return pids;
    } catch {
      return [];
    }
  }
  try {
    // macOS: -E appends the environment to the command; the value is a run id, unique enough to match as a word.
    const out = execFileSync('ps', ['-wwE', '-U', String(process.getuid?.() ?? ''), '-o', 'pid=,command='], { encoding: 'utf8', timeout: 5000, maxBuffer: 64 * 1024 * 1024 });
    return out
      .split('\n')
      .filter((line) => line.includes(` ${entry}`))
      .map((line) => Number(line.trim().split(/\s+/)[0]))
      .filter((pid) => Number.isInteger(pid) && pid > 0);
  } catch {
    return [];
  }
}

/** One process, as far as ending a step's tree needs it. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** Process group. */
  pgid: number;
  /** Session: the session id on Linux, `ps`'s session key elsewhere; compared only with another entry's. */
  session: number;
}

/**
 * Every process of the machine (pid, parent, group, session), from /proc on
 * Linux and `ps` elsewhere (macOS). Undefined when neither can be read.
 */
export function listProcesses(): ProcessEntry[] | undefined {
  if (process.platform === 'win32') return undefined;
  if (process.platform === 'linux') {
    try {
      const entries: ProcessEntry[] = [];
      for (const name of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(name)) continue;
        const entry = readProcStat(Number(name));
        if (entry) entries.push(entry);
      }
      return entries;
    } catch {
      // Fall back to ps.
    }
  }
  try {
    const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,sess='], { encoding: 'utf8', timeout: 5000 });
    const entries: ProcessEntry[] = [];
    for (const line of out.split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4) continue;
      const [pid, ppid, pgid] = fields.slice(0, 3).map(Number) as [number, number, number];
      // macOS prints the session as a hexadecimal kernel address.
      const session = Number.parseInt(fields[3]!, /^[0-9]+$/.test(fields[3]!) ? 10 : 16);
      if ([pid, ppid, pgid].every(Number.isInteger)) entries.push({ pid, ppid, pgid, session });
    }
    return entries;
  } catch {
    return undefined;
  }
}

function readProcStat(pid: number): ProcessEntry | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state ppid pgrp session …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), session: Number(fields[3]) };
  } catch {
    return undefined;
  }
}

/** The command line of a process, for naming it; '' when it is gone. */
export function commandLineOf(pid: number): string {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw) return raw.replace(/\0+$/, '').split('\0').join(' ');
  } catch {
    // No /proc: ask ps.
  }
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 }).trim();
  } catch {
    return '';
  }
}

/**
 * What was in a shell's session before a step was sent: those processes and
 * their groups (jobs the responder left running) are never the step's.
 */
export interface SessionBaseline {
  shellPid: number;
  pids: ReadonlySet<number>;
  groups: ReadonlySet<number>;
  /** The step run the command is (its processes carry it as {@link STEP_RUN_ENV}); absent for other commands. */
  runId?: string;
}

export function captureBaseline(shellPid: number, runId?: string): SessionBaseline {
  const all = listProcesses() ?? [];
  const shell = all.find((entry) => entry.pid === shellPid);
  const inSession = shell ? all.filter((entry) => entry.session === shell.session && entry.pid !== shellPid) : [];
  return {
    shellPid,
    pids: new Set(inSession.map((entry) => entry.pid)),
    groups: new Set(inSession.map((entry) => entry.pgid).filter((group) => group !== shellPid)),
    ...(runId ? { runId } : {}),
  };
}

/**
 * The processes a command sent after `baseline` started: those that appeared
 * in the shell's session since (in the jobs' groups or not, re-parented to
 * init or not), and their descendants that left the session (found through
 * their parents while those live).
 */
export function commandProcesses(baseline: SessionBaseline): { inSession: ProcessEntry[]; leftSession: ProcessEntry[] } {
  const all = listProcesses() ?? [];
  const shell = all.find((entry) => entry.pid === baseline.shellPid);
  if (!shell) return { inSession: [], leftSession: [] };
  const inSession = all.filter(
    (entry) => entry.session === shell.session && entry.pid !== baseline.shellPid && !baseline.pids.has(entry.pid) && !baseline.groups.has(entry.pgid),
  );
  const leftSession: ProcessEntry[] = [];
  const tree = new Set(inSession.map((entry) => entry.pid));
  let grew = true;
  while (grew) {
    grew = false;
    for (const entry of all) {
      if (tree.has(entry.pid) || !tree.has(entry.ppid)) continue;
      tree.add(entry.pid);
      grew = true;
      if (entry.session !== shell.session) leftSession.push(entry);
    }
  }
  return { inSession, leftSession };
}

/** SIGKILL, at once, to every process a command started in the session (a second Ctrl-C, an exit). */
export function killCommandProcesses(baseline: SessionBaseline): void {
  for (const entry of commandProcesses(baseline).inSession) {
    try {
      process.kill(entry.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

/** A process the step started that is still running after the tree was ended. */
export interface SurvivingProcess {
  pid: number;
  command: string;
  /** 'left-session': it made itself a session of its own (setsid, a daemon) and was deliberately not killed; 'unkillable': SIGKILL did not end it in time. */
  why: 'left-session' | 'unkillable';
}

export interface EndTreeOptions {
  /** From SIGINT to SIGKILL; SIGTERM goes out once the foreground job has ended, or halfway. */
  graceMs: number;
  /** How long to wait after SIGKILL for the processes to be gone. */
  reapMs?: number;
  pollMs?: number;
}

/**
 * Ends everything a step started in a pty session: SIGINT to the foreground
 * job, then SIGTERM, then SIGKILL to every process of the step's tree — the
 * processes that appeared in the shell's session since `baseline` (its jobs'
 * groups, and descendants that left a group but stay in the session, even
 * once re-parented to init). Resolves when they are gone, naming what
 * survived: descendants that left the session (a deliberate `setsid`
 * daemon) are not killed, and anything SIGKILL did not end in time.
 * `interrupt` sends the SIGINT (or types Ctrl-C when only the shell is in the foreground).
 */
export async function endProcessTree(baseline: SessionBaseline, interrupt: () => void, options: EndTreeOptions): Promise<SurvivingProcess[]> {
  const poll = options.pollMs ?? 25;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const killed = new Set<number>();
  const leftSession = new Map<number, ProcessEntry>();
  const scan = (): ProcessEntry[] => {
    const tree = commandProcesses(baseline);
    for (const entry of tree.leftSession) leftSession.set(entry.pid, entry);
    return tree.inSession;
  };
  const signalAll = (members: ProcessEntry[], signal: NodeJS.Signals) => {
    for (const entry of members) {
      try {
        process.kill(entry.pid, signal);
        if (signal === 'SIGKILL') killed.add(entry.pid);
      } catch {
        // Gone meanwhile.
      }
    }
  };
  const foregroundEnded = () => {
    const group = foregroundProcessGroup(baseline.shellPid);
    return group === undefined || group === baseline.shellPid;
  };

  scan();
  interrupt();
  const start = Date.now();
  const termAt = start + options.graceMs / 2;
  while (Date.now() < termAt && !foregroundEnded()) await sleep(poll);
  let members = scan();
  if (members.length) signalAll(members, 'SIGTERM');
  const killAt = Date.now() + options.graceMs / 2;
  while (members.length && Date.now() < killAt) {
    await sleep(poll);
    members = scan();
  }
  const reapUntil = Date.now() + (options.reapMs ?? 2_000);
  while (members.length) {
    signalAll(members, 'SIGKILL');
    if (Date.now() > reapUntil) break;
    await sleep(poll);
    members = scan();
  }
  const survivors: SurvivingProcess[] = [];
  for (const entry of members) survivors.push({ pid: entry.pid, command: commandLineOf(entry.pid), why: 'unkillable' });
  // Daemons whose parents had exited before any scan saw them (a setsid that forked) are found by the run's mark.
  if (baseline.runId) {
    const known = new Set([...members.map((entry) => entry.pid), ...leftSession.keys(), baseline.shellPid]);
    for (const pid of processesWithEnvironment(STEP_RUN_ENV, baseline.runId)) {
      if (!known.has(pid) && pid !== process.pid) leftSession.set(pid, { pid, ppid: 0, pgid: 0, session: 0 });
    }
  }
  for (const entry of leftSession.values()) {
    if (!isAlive(entry.pid)) continue;
    survivors.push({ pid: entry.pid, command: commandLineOf(entry.pid), why: 'left-session' });
  }
  return survivors;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Words for a record: what survived a cancel, and why. */
export function describeSurvivors(survivors: SurvivingProcess[]): string {
  const left = survivors.filter((entry) => entry.why === 'left-session');
  const stuck = survivors.filter((entry) => entry.why === 'unkillable');
  const list = (entries: SurvivingProcess[]) => entries.map((entry) => `pid ${entry.pid} ${entry.command || '(unknown)'}`).join(', ');
  const parts: string[] = [];
  if (left.length) parts.push(`Left running (it made itself a session of its own, e.g. setsid or a daemon): ${list(left)}.`);
  if (stuck.length) parts.push(`Still running after SIGKILL: ${list(stuck)}.`);
  return parts.join(' ');
}
