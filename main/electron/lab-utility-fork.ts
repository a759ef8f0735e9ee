import { utilityProcess } from 'electron';
import type { ForkLabProcess } from '../engine/lab-forker';

/**
 * Forks a drill lab process as an Electron utility process, for the engine's
 * labs (main/engine/lab-forker.ts): Node semantics without a Node install,
 * and without the runAsNode fuse, which release builds turn off. Its stdout
 * and stderr are piped to the forker, which appends them to the lab's log.
 */
export const forkLabUtilityProcess: ForkLabProcess = (script, args, options) =>
  utilityProcess.fork(script, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], serviceName: options.serviceName });
