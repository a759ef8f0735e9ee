/**
 * The engine host's transport, kept abstract so one host module runs under
 * both parents: Electron main forks it with `utilityProcess.fork` (a
 * MessagePort, main/electron/engine-utility-process.ts) and `firebreak serve`
 * with `child_process.fork` (Node IPC, node-engine-port.ts). Messages are
 * structured clones; their shape is checked by the protocol schemas, not here.
 */

/** The parent's end: the engine host process as seen from Electron main or serve. */
export interface EngineProcessPort {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The process ended (or could not start); `why` says how, for the message every pending call gets. */
  onExit(listener: (why: string) => void): void;
  /** Ends the process now (a host that does not stop in time). */
  kill(): void;
}

/** The engine host's end: its parent, as seen from inside the host process. */
export interface EngineHostPort {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent is gone (crashed or killed): the host shuts down on its own. Not every transport can tell. */
  onParentGone(listener: () => void): void;
  /** Exits once what was sent has been handed over. */
  exit(code: number): void;
}
