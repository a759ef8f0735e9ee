import type { FirebreakBridge } from '../../../shared/ipc/bridge';
import type { EventChannel, RequestChannel } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/envelope';
import { SOCKET_PATH, type ServerFrame } from '../../../shared/ipc/socket-protocol';

/**
 * Calls that start commands in a shell, with what did not happen: made while
 * disconnected they fail at once instead of waiting in the outbox, so a step
 * never runs, nor a line typed into the terminal reaches the shell, minutes
 * later without the responder knowing.
 */
export const NOT_QUEUED_WHILE_DISCONNECTED: ReadonlyMap<string, string> = new Map([
  ['step:run', 'so nothing was run. Run it again once the connection is back.'],
  ['step:runAll', 'so nothing was run. Run it again once the connection is back.'],
  ['step:rollback', 'so nothing was run. Run it again once the connection is back.'],
  ['terminal:input', 'so what you typed was not sent to the shell. Type it again once the connection is back.'],
]);

/** Reconnect delays after the host goes away, capped so a restarted host is found within seconds. */
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000];

/**
 * The contract over the browser host's WebSocket. The token travels in the
 * HttpOnly cookie the host set when the page loaded, so page scripts never
 * see it. Calls made while disconnected wait for the connection, except
 * those in NOT_QUEUED_WHILE_DISCONNECTED, which fail with 'unavailable'.
 */
export function createSocketBridge(
  onConnectionChange: (connected: boolean) => void = () => {},
  onAccessEnded: (message: string) => void = () => {},
): FirebreakBridge {
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const outbox: string[] = [];
  let socket: WebSocket | undefined;
  let nextId = 1;
  let attempts = 0;
  let ended = false;

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
      setTimeout(() => void retry(), delay);
    };
  }

  /**
   * A WebSocket refused by the host looks like any dropped connection; ask
   * the page's own URL to tell them apart. 401 means this page's token is no
   * longer valid (the host restarted with a new one): retrying cannot help.
   */
  async function retry(): Promise<void> {
    if (ended) return;
    try {
      const probe = await fetch(location.pathname, { method: 'HEAD', cache: 'no-store' });
      if (probe.status === 401) {
        ended = true;
        onAccessEnded(
          'This page can no longer reach the Firebreak host: it was restarted, or this is an old link. Open the new URL that "firebreak serve" printed.',
        );
        return;
      }
    } catch {
      // The host is down: keep trying, it may come back with the same token.
    }
    connect();
  }
  connect();

  return {
    host: 'browser',
    invoke(channel: RequestChannel, request: unknown) {
      const notQueued = NOT_QUEUED_WHILE_DISCONNECTED.get(channel);
      if (socket?.readyState !== WebSocket.OPEN && notQueued) {
        return Promise.resolve({ ok: false, error: { code: 'unavailable', message: `Not connected to the Firebreak host, ${notQueued}` } });
      }
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
