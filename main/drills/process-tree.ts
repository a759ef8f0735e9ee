import { listProcesses, type ProcessEntry } from '../terminal/process-group';
import { delay } from './wait-until';

/** How long a stopping process tree gets after SIGTERM before SIGKILL (ms); PostgreSQL's immediate shutdown needs well under this. */
export const STOP_GRACE_MS = 5_000;
/** How often a stopping tree is polled (ms). */
const STOP_POLL_MS = 100;

/**
 * Ending a process and everything it started, for processes that are not
 * the leaders of their own group (a utility process cannot be detached):
 * the tree is found by parent pid (/proc, or ps), and found again on every
 * poll, so a child started or orphaned while the tree stops is still ended.
 */

/** `root` and every live descendant (by parent pid); only `root` when the process list cannot be read. */
export function processTree(root: number, processes: readonly ProcessEntry[] | undefined = listProcesses()): number[] {
  if (!processes) return [root];
  const children = new Map<number, number[]>();
  for (const entry of processes) {
    const list = children.get(entry.ppid);
    if (list) list.push(entry.pid);
    else children.set(entry.ppid, [entry.pid]);
  }
  const found: number[] = [];
  const seen = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Which of `pids` are still running (zombies count as gone: they have ended and wait to be reaped). */
function alive(pids: Iterable<number>, processes: readonly ProcessEntry[] | undefined): number[] {
  if (processes) {
    const live = new Set(processes.map((entry) => entry.pid));
    return [...pids].filter((pid) => live.has(pid));
  }
  return [...pids].filter((pid) => signal(pid, 0));
}

/** Sends a signal (0: only asks whether it exists); false when the process is gone or not ours. */
export function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

/** Adds every live descendant of the known live pids to `known`; returns the live ones. */
function refresh(known: Set<number>): number[] {
  const processes = listProcesses();
  const live = alive(known, processes);
  for (const pid of live) for (const member of processTree(pid, processes)) known.add(member);
  return alive(known, processes);
}

/**
 * SIGTERM `root` and its descendants, wait up to `graceMs` for them to end,
 * SIGKILL whatever is left and wait for that too. Resolves when none is left
 * (or the second wait ran out).
 */
export async function stopProcessTree(root: number, graceMs = STOP_GRACE_MS): Promise<void> {
  const known = new Set(processTree(root));
  await terminateThenKill(
    {
      // SIGTERM goes to the tree just listed; by SIGKILL it may have forked, so it is listed again.
      signal: (name) => {
        for (const pid of name === 'SIGTERM' ? known : refresh(known)) signal(pid, name);
      },
      remaining: () => refresh(known).length > 0,
    },
    graceMs,
    STOP_POLL_MS,
  );
}

/** What a stop ends: a process group (spawned labs) or a tree found by parent pid (forked labs). */
interface StopTargets {
  signal(name: NodeJS.Signals): void;
  /** Whether anything of it is still running. */
  remaining(): boolean;
}

/** SIGTERM, up to `graceMs` for it all to end, SIGKILL what is left, and up to `graceMs` again for that. */
export async function terminateThenKill(targets: StopTargets, graceMs: number, pollMs: number): Promise<void> {
  targets.signal('SIGTERM');
  if (await endsWithin(targets, graceMs, pollMs)) return;
  targets.signal('SIGKILL');
  await endsWithin(targets, graceMs, pollMs);
}

async function endsWithin(targets: StopTargets, ms: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await delay(pollMs);
    if (!targets.remaining()) return true;
  }
  return false;
}

/** Synchronous last resort for exit handlers: SIGKILL `root` and its descendants now. */
export function killProcessTreeNow(root: number): void {
  for (const pid of processTree(root)) signal(pid, 'SIGKILL');
}
