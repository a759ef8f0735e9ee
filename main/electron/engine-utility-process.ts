import { utilityProcess } from 'electron';
import type { EngineProcessPort } from '../engine/engine-port';
import { utilityProcessPort } from '../engine/utility-process-port';

/**
 * Forks the engine host (out/main/engine-host.js) as an Electron utility
 * process, as VS Code runs its pty host: ptys, recorders and SQLite live
 * there, and nothing they do can stall this process's window and IPC.
 * Its stdout and stderr are this process's, so engine log lines stay where
 * they were.
 */
export function forkUtilityEngine(entry: string): EngineProcessPort {
  return utilityProcessPort(utilityProcess.fork(entry, [], { serviceName: 'Firebreak engine', stdio: 'inherit' }));
}
