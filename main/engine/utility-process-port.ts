import type { EngineProcessPort } from './engine-port';

/** Electron's UtilityProcess, as much of it as the port uses (typed here so this module and its test need no Electron). */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/**
 * The app's transport: the engine host as an Electron utility process
 * (utilityProcess.fork in main/electron/main.ts), talking over its
 * MessagePort. Messages sent before the process has spawned are held and
 * sent in order once it has, so the `start` message is never the one lost.
 */
export function utilityProcessPort(child: UtilityProcessLike): EngineProcessPort {
  let spawned = false;
  let exited = false;
  const held: unknown[] = [];
  const exitListeners: ((why: string) => void)[] = [];
  child.on('spawn', () => {
    spawned = true;
    for (const message of held.splice(0)) child.postMessage(message);
  });
  child.on('exit', (code) => {
    if (exited) return;
    exited = true;
    held.length = 0;
    const why = spawned ? `it exited with code ${code}` : `it could not be started (exit code ${code})`;
    for (const listener of exitListeners) listener(why);
  });
  return {
    send(message) {
      if (exited) return;
      if (spawned) child.postMessage(message);
      else held.push(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill() {
      child.kill();
    },
  };
}
