import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { killProcessTreeNow, STOP_GRACE_MS, stopProcessTree, terminateThenKill } from './process-tree';

/** One lab process to start: a .cjs script run by Node, its output appended to `logFile`. */
export interface LabLaunchRequest {
  /** Short name within the lab (e.g. "supervisor"), for messages and the process's service name. */
  name: string;
  /** Absolute path of the script. */
  script: string;
  args: string[];
  cwd: string;
  /** The whole environment of the process. */
  env: Record<string, string>;
  /** Absolute path of the log file that gets its stdout and stderr. */
  logFile: string;
}

/** How a started lab process ended; `error` when there is no exit status (it could not be started, or the parent stopped reporting). */
export interface LabLaunchExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: string;
}

/** A lab process as its launcher started it. */
export interface LabProcessHandle {
  /** The pid, once the process runs (at once for spawn, when the parent answers for a fork). */
  readonly pid: number | undefined;
  /** Resolves with the pid once the process runs; rejects when it could not be started. */
  readonly started: Promise<number>;
  /** Told once when the process ends, or could not be started. */
  onExit(listener: (exit: LabLaunchExit) => void): void;
  /** SIGTERM the process and everything it started, SIGKILL what is left after the grace period; resolves when they are gone. */
  stop(graceMs?: number): Promise<void>;
  /** Synchronous last resort for exit handlers: SIGKILL the process and everything it started. */
  killNow(): void;
}

/** Starts lab processes: spawned by this process (plain Node), or forked by the engine's parent (the packaged app). */
export interface LabLauncher {
  launch(request: LabLaunchRequest): LabProcessHandle;
}

/** How lab processes are spawned: a Node binary and the environment that makes it behave as Node. */
export interface NodeRuntime {
  /** Path of a Node binary (process.execPath under Node; Electron with ELECTRON_RUN_AS_NODE). */
  execPath: string;
  env: Record<string, string>;
}

/** Exit listeners and the settled state shared by both handles. */
class ExitSignal {
  private listeners: ((exit: LabLaunchExit) => void)[] = [];
  exit: LabLaunchExit | undefined;
  readonly ended: Promise<void>;
  private resolveEnded!: () => void;

  constructor() {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  on(listener: (exit: LabLaunchExit) => void): void {
    if (this.exit) listener(this.exit);
    else this.listeners.push(listener);
  }

  fire(exit: LabLaunchExit): void {
    if (this.exit) return;
    this.exit = exit;
    this.resolveEnded();
    for (const listener of this.listeners.splice(0)) listener(exit);
  }
}

/**
 * Plain Node (tests, the CLI, `firebreak serve`): spawn(runtime.execPath)
 * with the process as the leader of its own group (detached), so stopping it
 * ends its whole tree with kill(-pgid), and holding the read end of a pipe on
 * fd 3: the lab scripts' watchdog (labs/scripts/lab-watchdog.cjs) exits when
 * it closes, so a crashed or killed Firebreak leaves nothing behind.
 */
export class SpawnLabLauncher implements LabLauncher {
  constructor(private readonly runtime: NodeRuntime) {}

  launch(request: LabLaunchRequest): LabProcessHandle {
    const logFd = fs.openSync(request.logFile, 'a');
    const exit = new ExitSignal();
    let child: ChildProcess;
    try {
      child = spawn(this.runtime.execPath, [request.script, ...request.args], {
        cwd: request.cwd,
        detached: true,
        stdio: ['ignore', logFd, logFd, 'pipe'],
        env: { ...request.env, ...this.runtime.env },
      });
    } finally {
      fs.closeSync(logFd);
    }
    const pid = child.pid;
    // Without a pid the spawn failed; 'error' says why.
    const started = pid === undefined ? new Promise<number>((_resolve, reject) => child.once('error', reject)) : Promise.resolve(pid);
    started.catch(() => {});
    child.on('error', (error) => exit.fire({ code: null, signal: null, error: `it could not be started: ${error.message}` }));
    child.on('exit', (code, signal) => exit.fire({ code, signal }));
    // Neither the child nor the watchdog pipe keeps Firebreak's event loop alive; the lab's owner decides when it ends.
    child.unref();
    (child.stdio[3] as net.Socket | null)?.unref();
    return {
      pid,
      started,
      onExit: (listener) => exit.on(listener),
      stop: async (graceMs = STOP_GRACE_MS) => {
        if (pid !== undefined) await stopGroup(pid, graceMs);
      },
      killNow: () => {
        if (pid !== undefined) signalGroup(pid, 'SIGKILL');
      },
    };
  }
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM a process group, wait for it to empty, SIGKILL whatever is left. */
async function stopGroup(pgid: number, graceMs = STOP_GRACE_MS): Promise<void> {
  if (!signalGroup(pgid, 0)) return;
  await terminateThenKill({ signal: (name) => void signalGroup(pgid, name), remaining: () => signalGroup(pgid, 0) }, graceMs, GROUP_POLL_MS);
}

/** The engine host asks its parent to fork a lab process (engine protocol `labFork`). */
export interface LabForkRequestMessage extends LabLaunchRequest {
  type: 'labFork';
  id: number;
}

/** The parent's answers about a forked lab process (engine protocol). */
export type LabForkReply =
  | { type: 'labForked'; id: number; pid: number }
  | { type: 'labForkFailed'; id: number; message: string }
  | { type: 'labExit'; id: number; code: number | null; signal: string | null };

/** How often a stopping process group is looked at (ms). */
const GROUP_POLL_MS = 50;

/** How long a fork request may wait for the parent's answer before the lab process counts as not started (ms). */
const FORK_ANSWER_TIMEOUT_MS = 15_000;

/**
 * The packaged app: the engine host is an Electron utility process, and
 * Electron cannot act as Node there (the runAsNode fuse is off), so the
 * parent (Electron main) forks each lab process with utilityProcess.fork
 * (main/engine/lab-forker.ts): this launcher sends `labFork` over the
 * engine protocol and hears `labForked`/`labForkFailed` and `labExit`.
 * A utility process cannot be detached, so there is no group to signal:
 * stop ends the pid and its descendants found by parent pid, as the same
 * user, then waits for the parent's `labExit`, which the parent sends once
 * the Node children it forked for the process (a supervisor's servers) are
 * gone too.
 */
export class ParentForkLabLauncher implements LabLauncher {
  private nextId = 0;
  private readonly pending = new Map<number, { forked(pid: number): void; failed(message: string): void; exited(exit: LabLaunchExit): void }>();
  /** Requests given up on (no answer in time): a fork that is reported after all is ended, since nobody here tracks it. */
  private readonly givenUp = new Set<number>();
  private readonly forkAnswerTimeoutMs: number;

  /** `send` delivers a request to the parent (the engine host's port). */
  constructor(
    private readonly send: (message: LabForkRequestMessage) => void,
    options: { forkAnswerTimeoutMs?: number } = {},
  ) {
    this.forkAnswerTimeoutMs = options.forkAnswerTimeoutMs ?? FORK_ANSWER_TIMEOUT_MS;
  }

  /** Routes the parent's answer to the process it is about. */
  receive(reply: LabForkReply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) {
      if (!this.givenUp.has(reply.id)) return;
      // The lab counted it as not started and went on without it; left running, it would hold the lab's port.
      if (reply.type === 'labForked') void stopProcessTree(reply.pid);
      else this.givenUp.delete(reply.id);
      return;
    }
    switch (reply.type) {
      case 'labForked':
        entry.forked(reply.pid);
        return;
      case 'labForkFailed':
        this.pending.delete(reply.id);
        entry.failed(reply.message);
        return;
      case 'labExit':
        this.pending.delete(reply.id);
        entry.exited({ code: reply.code, signal: reply.signal as NodeJS.Signals | null });
        return;
    }
  }

  /** The parent is gone or the engine stops: every process still waiting for an answer counts as ended. */
  abandonAll(reason: string): void {
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.failed(reason);
    }
  }

  launch(request: LabLaunchRequest): LabProcessHandle {
    const id = this.nextId++;
    const exit = new ExitSignal();
    let knownPid: number | undefined;
    let resolveStarted!: (pid: number) => void;
    let rejectStarted!: (error: Error) => void;
    const started = new Promise<number>((resolve, reject) => {
      resolveStarted = resolve;
      rejectStarted = reject;
    });
    started.catch(() => {});
    const timer = setTimeout(() => {
      if (knownPid !== undefined || exit.exit) return;
      const entry = this.pending.get(id);
      this.pending.delete(id);
      this.givenUp.add(id);
      entry?.failed(`the parent did not fork ${request.name} within ${this.forkAnswerTimeoutMs / 1000} s`);
    }, this.forkAnswerTimeoutMs);
    timer.unref();
    this.pending.set(id, {
      forked: (pid) => {
        clearTimeout(timer);
        knownPid = pid;
        resolveStarted(pid);
      },
      failed: (message) => {
        clearTimeout(timer);
        rejectStarted(new Error(message));
        exit.fire({ code: null, signal: null, error: message });
      },
      exited: (how) => {
        clearTimeout(timer);
        if (knownPid === undefined) rejectStarted(new Error(`${request.name} ended before it was reported started`));
        exit.fire(how);
      },
    });
    this.send({ type: 'labFork', id, ...request });
    return {
      get pid() {
        return knownPid;
      },
      started,
      onExit: (listener) => exit.on(listener),
      stop: async (graceMs = STOP_GRACE_MS) => {
        const pid = await started.catch(() => undefined);
        if (pid === undefined || exit.exit) return;
        await stopProcessTree(pid, graceMs);
        // The parent reports the exit once the children it forked for this process are gone as well.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exit.ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2 * graceMs)))]);
        clearTimeout(timer);
      },
      killNow: () => {
        if (knownPid !== undefined && !exit.exit) killProcessTreeNow(knownPid);
      },
    };
  }
}

/** Where lab process `name` of the lab in `dir` logs: logs/<name>.log. */
export function labLogFile(dir: string, name: string): string {
  return path.join(dir, 'logs', `${name}.log`);
}
