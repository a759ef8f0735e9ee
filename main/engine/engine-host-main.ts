import { runEngineHost } from './engine-host';
import type { EngineHostPort } from './engine-port';
import { nodeHostPort } from './node-engine-port';

/**
 * Entry of the engine host process (built to out/main/engine-host.js). The
 * same module runs under both parents: Electron's utilityProcess.fork gives
 * it `process.parentPort`, child_process.fork gives it `process.send`.
 */

/** Electron's ParentPort, as much of it as the host uses (typed here: this module never imports electron). */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function utilityProcessPort(parentPort: ParentPortLike): EngineHostPort {
  return {
    send: (message) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    // Electron ends its utility processes when the main process goes; main asks for the orderly stop before it quits.
    onParentGone: () => {},
    // postMessage hands the clone over synchronously; nothing is left to drain.
    exit: (code) => process.exit(code),
  };
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
const port = parentPort ? utilityProcessPort(parentPort) : nodeHostPort();

// The parent decides when the engine stops. Ctrl-C in a terminal reaches the whole foreground group and a closing
// terminal sends SIGHUP: either would otherwise kill the engine before the parent's orderly shutdown has recorded
// session ends. SIGTERM aimed at the engine itself is an orderly stop, as if the parent had asked.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
const host = runEngineHost(port);
process.on('SIGTERM', () => host.stop());
