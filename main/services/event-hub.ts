import type { EventChannel, EventOf } from '../../shared/ipc/contract';

export type HubListener = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;

/**
 * Fan-out of contract events from services to whichever transports are
 * attached (Electron windows, browser-host sockets, tests). Services emit
 * without knowing who listens.
 */
export class EventHub {
  private readonly listeners = new Set<HubListener>();

  emit<E extends EventChannel>(channel: E, payload: EventOf<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(channel, payload);
      } catch {
        // A broken transport must not stop the others from hearing the event.
      }
    }
  }

  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
