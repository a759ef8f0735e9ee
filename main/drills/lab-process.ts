import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';

/** How long a lab process group gets to exit after SIGTERM before SIGKILL (ms); PostgreSQL's immediate shutdown needs well under this. */
const STOP_GRACE_MS = 5_000;
/** How often a stopping group is polled for members (ms). */
const STOP_POLL_MS = 50;

/** One long-running lab process, started from a .cjs script inside the lab directory. */
export interface LabProcessSpec {
  /** Short name, unique within the lab (e.g. "supervisor"); also names its log file logs/<name>.log. */
  name: string;
  /** Absolute path of the script to run with Node. */
  script: string;
  args?: string[];
  /** Extra environment on top of PATH, HOME, LANG and the lab variables. */
  env?: Record<string, string>;
}

/** A lab process that ended without being asked to. */
export interface LabProcessExit {
  name: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How lab processes are run: a Node binary and the environment that makes it behave as Node. */
export interface NodeRuntime {
  /** Path of a Node binary (process.execPath under Node; Electron with ELECTRON_RUN_AS_NODE). */
  execPath: string;
  env: Record<string, string>;
}

/**
 * The Node that runs lab processes. Under plain Node: this process's own
 * binary. Under Electron: a `node` on PATH when there is one, because release
 * builds turn the runAsNode fuse off (electron-builder.yml) and would ignore
 * ELECTRON_RUN_AS_NODE; else Electron itself told to act as plain Node (dev builds).
 *
 * Not yet done (issue 10, "packaged drill labs through utilityProcess.fork"):
 * the lab runner now lives in the engine host, itself an Electron utility
 * process, and `utilityProcess` is a main-process-only API (electron.d.ts
 * declares it in Electron.Main and CrossProcessExports, not Electron.Utility).
 * The chosen way is for the engine host to ask main over the engine protocol
 * (an `ask` like the team password's: forkLab {script, args, cwd, env} →
 * pid, with the exit relayed back) and for LabProcessSet to take that
 * launcher instead of spawn(). Three things differ from spawn() and must be
 * settled first: a utility process cannot be detached, so stopGroup's
 * `kill(-pgid)` has no group to end (stop must end the pid and the lab's own
 * children); there is no fd-3 watchdog pipe (Electron ends utility processes
 * with main, and the watchdog's parent-pid check still applies); and
 * crash-and-rollback/supervisor.cjs spawns `process.execPath`, which in a
 * release build is Electron with the fuse off, so the supervisor must start
 * its release servers another way (worker_threads, or the same ask).
 */
export function currentNodeRuntime(): NodeRuntime {
  if (!process.versions.electron) return { execPath: process.execPath, env: {} };
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return { execPath: candidate, env: {} };
    } catch {
      // Not here.
    }
  }
  return { execPath: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } };
}

interface Tracked {
  spec: LabProcessSpec;
  child: ChildProcess;
  exited: boolean;
}

/**
 * The processes of one lab. Each is the leader of its own process group
 * (detached), so stopping it ends its whole tree. Each also holds the read
 * end of a pipe on fd 3 and knows its parent's pid: the lab scripts'
 * watchdog (scripts/lab-watchdog.cjs) exits when the pipe closes or the
 * parent changes, so a crashed or killed Firebreak leaves nothing behind.
 */
export class LabProcessSet {
  private readonly tracked = new Map<string, Tracked>();
  private stopping = false;

  constructor(
    private readonly dir: string,
    private readonly runtime: NodeRuntime,
    private readonly onUnexpectedExit: (exit: LabProcessExit) => void,
  ) {}

  /** Starts a process; its stdout and stderr go to logs/<name>.log in the lab. */
  spawn(spec: LabProcessSpec): ChildProcess {
    if (this.stopping) throw new Error(`The lab is stopping; ${spec.name} was not started.`);
    const previous = this.tracked.get(spec.name);
    if (previous && !previous.exited) throw new Error(`Lab process ${spec.name} is already running (pid ${previous.child.pid}).`);
    fs.mkdirSync(path.join(this.dir, 'logs'), { recursive: true });
    const logFd = fs.openSync(path.join(this.dir, 'logs', `${spec.name}.log`), 'a');
    let child: ChildProcess;
    try {
      child = spawn(this.runtime.execPath, [spec.script, ...(spec.args ?? [])], {
        cwd: this.dir,
        detached: true,
        stdio: ['ignore', logFd, logFd, 'pipe'],
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? this.dir,
          LANG: 'C.UTF-8',
          ...this.runtime.env,
          FIREBREAK_LAB_DIR: this.dir,
          ...spec.env,
        },
      });
    } finally {
      fs.closeSync(logFd);
    }
    const entry: Tracked = { spec, child, exited: false };
    this.tracked.set(spec.name, entry);
    child.on('error', () => {});
    child.on('exit', (code, signal) => {
      entry.exited = true;
      if (!this.stopping) this.onUnexpectedExit({ name: spec.name, pid: child.pid ?? -1, code, signal });
    });
    // Neither the child nor the watchdog pipe keeps Firebreak's event loop alive; the lab's owner decides when it ends.
    child.unref();
    (child.stdio[3] as net.Socket | null)?.unref();
    return child;
  }

  /** Whether the named process is still running. */
  isRunning(name: string): boolean {
    const entry = this.tracked.get(name);
    return !!entry && !entry.exited;
  }

  /** Pid of the named process, if it was started. */
  pid(name: string): number | undefined {
    return this.tracked.get(name)?.child.pid;
  }

  /** Process group ids of every process started (running or not). */
  groupIds(): number[] {
    return [...this.tracked.values()].map((entry) => entry.child.pid).filter((pid): pid is number => typeof pid === 'number');
  }

  /**
   * Ends the named process's group: SIGTERM, then SIGKILL after the grace
   * period. Its exit is not reported as unexpected.
   */
  async stopOne(name: string): Promise<void> {
    const entry = this.tracked.get(name);
    if (!entry?.child.pid) return;
    this.tracked.delete(name);
    await stopGroup(entry.child.pid);
  }

  /** Ends every process group (SIGTERM, then SIGKILL), leaders and children alike. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.groupIds().map((pgid) => stopGroup(pgid)));
  }

  /** Synchronous last resort for process exit handlers: SIGKILL every group now. */
  killAllNow(): void {
    this.stopping = true;
    for (const pgid of this.groupIds()) signalGroup(pgid, 'SIGKILL');
  }
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM a process group, wait for it to empty, SIGKILL whatever is left. */
export async function stopGroup(pgid: number, graceMs = STOP_GRACE_MS): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await delay(STOP_POLL_MS);
    if (!signalGroup(pgid, 0)) return;
  }
  signalGroup(pgid, 'SIGKILL');
  const killDeadline = Date.now() + graceMs;
  while (Date.now() < killDeadline && signalGroup(pgid, 0)) await delay(STOP_POLL_MS);
}

/** A promise that resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
