import { fork } from 'node:child_process';
import type { ForkLabProcess, LabProcessLike } from './lab-forker';

/**
 * The forker's `fork` under plain Node: child_process.fork with the child's
 * stdout and stderr piped and a Node IPC channel standing in for Electron's
 * parentPort (the forker names it to the child as FIREBREAK_LAB_TRANSPORT=ipc).
 * It lets the forker and the lab scripts' side of it run, and be tested, without
 * Electron; the app forks with utilityProcess (main/electron/lab-utility-fork.ts).
 */
export const nodeLabFork: ForkLabProcess = (script, args, options) => {
  const child = fork(script, args, {
    cwd: options.cwd,
    env: options.env,
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // A fork that cannot start is reported by its exit (the forker says it never spawned).
  child.on('error', () => {});
  const forked: LabProcessLike = {
    get pid() {
      return child.pid;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    on(event: 'spawn' | 'exit' | 'message', listener: (...values: never[]) => void) {
      child.on(event, listener as (...values: unknown[]) => void);
      return forked;
    },
    postMessage(message: unknown) {
      if (child.connected) child.send(message as never, (error: Error | null) => void error);
    },
    kill: () => child.kill('SIGTERM'),
  };
  return forked;
};
