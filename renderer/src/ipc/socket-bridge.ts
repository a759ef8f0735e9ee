import type { FirebreakBridge } from '../../../shared/ipc/bridge';
import type { EventChannel, RequestChannel } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/envelope';
import { SOCKET_PATH, type ServerFrame } from '../../../shared/ipc/socket-protocol';

/** Reconnect delays after the host goes away, capped so a restarted host is found within seconds. */
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000];

/**
 * The contract over the browser host's WebSocket. The token travels in the
 * HttpOnly cookie the host set when the page loaded, so page scripts never
 * see it. Calls made while disconnected wait for the connection.
 */
export function createSocketBridge(onConnectionChange: (connected: boolean) => void = () => {}): FirebreakBridge {
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const outbox: string[] = [];
  let socket: WebSocket | undefined;
  let nextId = 1;
  let attempts = 0;

  function connect(): void {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SOCKET_PATH}`);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      onConnectionChange(true);
      for (const frame of outbox.splice(0)) ws.send(frame);
    };
    ws.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as ServerFrame;
      if (frame.type === 'result') {
        pending.get(frame.id)?.(frame.envelope);
        pending.delete(frame.id);
      } else {
        for (const listener of listeners.get(frame.channel) ?? []) listener(frame.payload);
      }
    };
    ws.onclose = () => {
      onConnectionChange(false);
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { code: 'unavailable', message: 'Lost the connection to the Firebreak host.' } });
        pending.delete(id);
      }
      const delay = RECONNECT_DELAYS_MS[Math.min(attempts++, RECONNECT_DELAYS_MS.length - 1)];
      setTimeout(connect, delay);
    };
  }
  connect();

  return {
    host: 'browser',
    invoke(channel: RequestChannel, request: unknown) {
      const id = nextId++;
      const frame = JSON.stringify({ type: 'invoke', id, channel, payload: request });
      return new Promise((resolve) => {
        pending.set(id, resolve as (envelope: Envelope<unknown>) => void);
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
        else outbox.push(frame);
      });
    },
    on(channel: EventChannel, listener: (payload: never) => void) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  } as FirebreakBridge;
}
