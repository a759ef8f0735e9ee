import type { EventChannel, EventOf, RequestChannel, RequestOf, ResponseOf } from './contract';
import type { Envelope } from './envelope';

/**
 * What the renderer gets from its host: the preload's `window.firebreak` in
 * Electron, a WebSocket client in the browser host. Built from the contract
 * and nothing else.
 */
export interface FirebreakBridge {
  invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<Envelope<ResponseOf<C>>>;
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void;
  readonly host: 'electron' | 'browser';
}
