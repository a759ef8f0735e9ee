import type { FirebreakBridge } from '../../../shared/ipc/bridge';
import type { EventChannel, EventOf, RequestChannel, RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import { ContractCallError } from '../../../shared/ipc/envelope';
import { createSocketBridge } from './socket-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    firebreak?: FirebreakBridge;
  }
}

type ConnectionListener = (connected: boolean, accessEnded?: string) => void;
const connectionListeners = new Set<ConnectionListener>();

const bridge: FirebreakBridge =
  window.firebreak ??
  createSocketBridge(
    (connected) => connectionListeners.forEach((listener) => listener(connected)),
    (message) => connectionListeners.forEach((listener) => listener(false, message)),
  );

/** Which host serves this renderer. */
export const hostKind = bridge.host;

/** Calls a contract channel; resolves with the value or throws ContractCallError with a readable message. */
export async function call<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const envelope = await bridge.invoke(channel, request);
  if (!envelope.ok) throw new ContractCallError(channel, envelope.error);
  return envelope.value;
}

/** Subscribes to a main→renderer event. */
export function subscribe<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void {
  return bridge.on(channel, listener);
}

/**
 * Browser host only: told when the socket is back after it dropped (not on
 * the first connection). Events sent meanwhile were lost: catch up here.
 */
export function onReconnect(listener: () => void): () => void {
  let dropped = false;
  return onConnectionChange((connected) => {
    if (!connected) dropped = true;
    else if (dropped) {
      dropped = false;
      listener();
    }
  });
}

/** Browser host only: told when the WebSocket drops or comes back, or (with a message) when this page's access has ended for good. */
export function onConnectionChange(listener: ConnectionListener): () => void {
  connectionListeners.add(listener);
  return () => connectionListeners.delete(listener);
}
