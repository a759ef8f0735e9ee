import fs from 'node:fs';
import path from 'node:path';
import { labLogFile, type LabLauncher, type LabProcessHandle, type NodeRuntime } from './lab-launcher';


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
  /** Why it ended without an exit status: it could not be started, or its parent stopped reporting on it. */
  error?: string;
}

/**
 * The Node that spawns lab processes when this process starts them itself
 * (SpawnLabLauncher: tests, the CLI, `firebreak serve`, all plain Node):
 * this process's own binary.
 *
 * The desktop app does not come here. Its engine (and so the lab runner)
 * lives in the engine host, an Electron utility process; release builds turn
 * the runAsNode fuse off (electron-builder.yml), so Electron cannot be run
 * as Node, and `utilityProcess` is a main-process-only API. So Electron main
 * starts the engine with `labs: 'parent'`, and the engine's
 * ParentForkLabLauncher (lab-launcher.ts) asks main over the engine protocol
 * (`labFork` → `labForked {pid}` | `labForkFailed`, then `labExit`) to fork
 * each lab script with utilityProcess.fork (main/engine/lab-forker.ts, which
 * writes its output to the lab's log). What differs from spawn() is settled
 * this way: a utility process cannot be detached, so there is no group to
 * signal, and stop ends the pid and its descendants found by parent pid
 * (process-tree.ts), then waits for main's `labExit`; there is no fd-3
 * watchdog pipe, so lab-watchdog.cjs relies on the parent-pid check (and
 * Electron ends utility processes with main, whose forker also ends every
 * lab when the engine dies); and a lab script that starts Node children
 * itself (crash-and-rollback/supervisor.cjs) does it through
 * scripts/lab-node-child.cjs, which asks main over `process.parentPort` to
 * fork them and falls back to spawn(process.execPath) under plain Node.
 *
 * Should a build ever start the engine under Electron without the parent's
 * forker, this falls back to a `node` on PATH, else Electron told to act as
 * Node (which only a development build with the fuse on honours).
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
  handle: LabProcessHandle;
  exited: boolean;
}

/**
 * The processes of one lab, started by its launcher (lab-launcher.ts):
 * spawned as the leaders of their own process groups under plain Node, or
 * forked by the engine's parent in the packaged app. Stopping one ends its
 * whole tree; every lab script also watches its parent
 * (scripts/lab-watchdog.cjs), so a crashed or killed Firebreak leaves nothing
 * behind.
 */
export class LabProcessSet {
  private readonly tracked = new Map<string, Tracked>();
  private stopping = false;

  constructor(
    private readonly dir: string,
    private readonly launcher: LabLauncher,
    private readonly onUnexpectedExit: (exit: LabProcessExit) => void,
  ) {}

  /** Starts a process; its stdout and stderr go to logs/<name>.log in the lab. */
  spawn(spec: LabProcessSpec): LabProcessHandle {
    if (this.stopping) throw new Error(`The lab is stopping; ${spec.name} was not started.`);
    const previous = this.tracked.get(spec.name);
    if (previous && !previous.exited) throw new Error(`Lab process ${spec.name} is already running (pid ${previous.handle.pid ?? 'not yet known'}).`);
    fs.mkdirSync(path.join(this.dir, 'logs'), { recursive: true });
    const handle = this.launcher.launch({
      name: spec.name,
      script: spec.script,
      args: spec.args ?? [],
      cwd: this.dir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? this.dir,
        LANG: 'C.UTF-8',
        FIREBREAK_LAB_DIR: this.dir,
        ...spec.env,
      },
      logFile: labLogFile(this.dir, spec.name),
    });
    const entry: Tracked = { spec, handle, exited: false };
    this.tracked.set(spec.name, entry);
    handle.onExit((exit) => {
      entry.exited = true;
      if (!this.stopping && this.tracked.get(spec.name) === entry) {
        this.onUnexpectedExit({ name: spec.name, pid: handle.pid ?? -1, code: exit.code, signal: exit.signal, ...(exit.error ? { error: exit.error } : {}) });
      }
    });
    return handle;
  }

  /** Whether the named process is still running. */
  isRunning(name: string): boolean {
    const entry = this.tracked.get(name);
    return !!entry && !entry.exited;
  }

  /** Pid of the named process, once it runs. */
  pid(name: string): number | undefined {
    return this.tracked.get(name)?.handle.pid;
  }

  /** Ends the named process and everything it started: SIGTERM, then SIGKILL after the grace period. Its exit is not reported as unexpected. */
  async stopOne(name: string): Promise<void> {
    const entry = this.tracked.get(name);
    if (!entry) return;
    this.tracked.delete(name);
    await entry.handle.stop();
  }

  /** Ends every process and everything they started (SIGTERM, then SIGKILL). */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.tracked.values()].map((entry) => entry.handle.stop()));
  }

  /** Synchronous last resort for process exit handlers: SIGKILL every process and what it started, now. */
  killAllNow(): void {
    this.stopping = true;
    for (const entry of this.tracked.values()) entry.handle.killNow();
  }
}
