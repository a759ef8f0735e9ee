import type { FirebreakBridge } from '../../../shared/ipc/bridge';
import type { EventChannel, RequestChannel } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/envelope';
import { SOCKET_PATH, type ServerFrame } from '../../../shared/ipc/socket-protocol';
import { ACCESS_ENDED_MESSAGE, cutOffMessage, MAY_WAIT_FOR_CONNECTION, NEVER_WAITS, notSentMessage } from './calls-while-disconnected';

/** Reconnect delays after the host goes away, capped so a restarted host is found within seconds. */
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000];

/** A call waiting for its answer; `sent` once it went out on the socket now open (there is never more than one). */
interface PendingCall {
  channel: RequestChannel;
  frame: string;
  resolve(envelope: Envelope<unknown>): void;
  sent: boolean;
}

function unavailable(message: string): Envelope<never> {
  return { ok: false, error: { code: 'unavailable', message } };
}

/**
 * The contract over the browser host's WebSocket. The token travels in the
 * HttpOnly cookie the host set when the page loaded, so page scripts never
 * see it. While the connection is down, reads wait for it (see
 * calls-while-disconnected.ts) and acting calls fail at once; a read cut off
 * in flight is sent again, an acting one fails saying its outcome is unknown.
 */
export function createSocketBridge(
  onConnectionChange: (connected: boolean) => void = () => {},
  onAccessEnded: (message: string) => void = () => {},
): FirebreakBridge & { close(): void } {
  const pending = new Map<number, PendingCall>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | undefined;
  let nextId = 1;
  let attempts = 0;
  /** This page will not reach the host again (its token was refused, or close()): every call fails. */
  let ended = false;

  /** Ends the bridge for good: nothing waits any longer for a connection that will not come. */
  function end(): void {
    ended = true;
    for (const call of pending.values()) call.resolve(unavailable(ACCESS_ENDED_MESSAGE));
    pending.clear();
  }

  function send(ws: WebSocket, call: PendingCall): void {
    call.sent = true;
    ws.send(call.frame);
  }

  function connect(): void {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SOCKET_PATH}`);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      // What waited goes first, in the order it was asked, so the catch-up reads that follow see its effects.
      for (const call of pending.values()) if (!call.sent) send(ws, call);
      onConnectionChange(true);
    };
    ws.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as ServerFrame;
      if (frame.type === 'result') {
        pending.get(frame.id)?.resolve(frame.envelope);
        pending.delete(frame.id);
      } else {
        for (const listener of listeners.get(frame.channel) ?? []) listener(frame.payload);
      }
    };
    ws.onclose = () => {
      // Also when an attempt to reconnect fails: nothing waits then but reads, which change nothing when sent late.
      onConnectionChange(false);
      for (const [id, call] of pending) {
        if (MAY_WAIT_FOR_CONNECTION.has(call.channel)) {
          call.sent = false;
          continue;
        }
        // An acting call: sent, its outcome is unknown; still waiting (asked while the page was connecting), it is not sent.
        call.resolve(unavailable(call.sent ? cutOffMessage(call.channel) : notSentMessage(call.channel)));
        pending.delete(id);
      }
      if (ended) return;
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
        end();
        onAccessEnded(
          'This page can no longer reach the Firebreak host: it was restarted, or this is an old link. Open the new URL that "firebreak serve" printed.',
        );
        return;
      }
    } catch {
      // The host is down: keep trying, it may come back with the same token.
    }
    // Closed while the probe was out.
    if (!ended) connect();
  }
  connect();

  return {
    host: 'browser',
    invoke(channel: RequestChannel, request: unknown) {
      if (ended) return Promise.resolve(unavailable(ACCESS_ENDED_MESSAGE));
      const open = socket?.readyState === WebSocket.OPEN;
      // attempts > 0: a connection closed (or the first attempt failed) and none is open since.
      if (!open && (NEVER_WAITS.has(channel) || (attempts > 0 && !MAY_WAIT_FOR_CONNECTION.has(channel)))) {
        return Promise.resolve(unavailable(notSentMessage(channel)));
      }
      const id = nextId++;
      return new Promise((resolve) => {
        const call: PendingCall = { channel, frame: JSON.stringify({ type: 'invoke', id, channel, payload: request }), resolve: resolve as PendingCall['resolve'], sent: false };
        pending.set(id, call);
        if (open) send(socket!, call);
      });
    },
    /** Closes the connection for good (no reconnecting); calls still waiting fail. */
    close() {
      end();
      socket?.close();
    },
    on(channel: EventChannel, listener: (payload: never) => void) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  } as FirebreakBridge & { close(): void };
}
