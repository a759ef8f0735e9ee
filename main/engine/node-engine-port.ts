import { fork } from 'node:child_process';
import type { EngineHostPort, EngineProcessPort } from './engine-port';

export interface NodeForkOptions {
  /** Node flags for the child; default this process's own (so `--import tsx` carries over in development). */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * `firebreak serve`'s transport: the engine host as a child_process.fork
 * with an IPC channel. 'advanced' serialization is the structured clone
 * Electron's MessagePort uses, so both transports carry the same values.
 */
export function forkNodeEngine(entry: string, options: NodeForkOptions = {}): EngineProcessPort {
  const child = fork(entry, [], {
    serialization: 'advanced',
    // stdout and stderr are the parent's own: the engine's log lines land where serve's do.
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const exitListeners: ((why: string) => void)[] = [];
  let ended = false;
  const end = (why: string) => {
    if (ended) return;
    ended = true;
    for (const listener of exitListeners) listener(why);
  };
  child.on('exit', (code, signal) => end(signal ? `it was ended by ${signal}` : `it exited with code ${code}`));
  child.on('error', (error) => end(`it could not be started: ${error.message}`));
  return {
    send(message) {
      // A message to a process that is already gone is dropped: its exit rejects whatever waits for an answer.
      if (child.connected) child.send(message as never, (error: Error | null) => void error);
    },
    onMessage(listener) {
      child.on('message', (message) => listener(message));
    },
    onExit(listener) {
      exitListeners.push(listener);
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}

/** The host's end under child_process.fork: process.send and 'disconnect' (the parent died or closed the channel). */
export function nodeHostPort(): EngineHostPort {
  if (!process.send) throw new Error('The engine host must be started with an IPC channel (child_process.fork).');
  // process.send is asynchronous: exit waits for what is in flight, or the last message ('stopped') could be lost.
  let inFlight = 0;
  let exitCode: number | undefined;
  const settle = () => {
    inFlight--;
    if (exitCode !== undefined && inFlight === 0) process.exit(exitCode);
  };
  return {
    send(message) {
      if (!process.connected) return;
      inFlight++;
      process.send?.(message, undefined, undefined, settle);
    },
    onMessage(listener) {
      process.on('message', (message) => listener(message));
    },
    onParentGone(listener) {
      process.on('disconnect', listener);
    },
    exit(code) {
      exitCode = code;
      if (inFlight === 0 || !process.connected) process.exit(code);
    },
  };
}
