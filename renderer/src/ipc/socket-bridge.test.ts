import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as WsClient, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { SOCKET_PATH } from '../../../shared/ipc/socket-protocol';
import { createSocketBridge } from './socket-bridge';

/** A stand-in host on a real socket: answers every invoke with its channel name, but those in `unanswered`. */
async function startHost(
  port = 0,
  unanswered: ReadonlySet<string> = new Set(),
): Promise<{ port: number; clients: Set<ServerSocket>; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((_request, response) => response.end());
  const sockets = new WebSocketServer({ server, path: SOCKET_PATH });
  sockets.on('connection', (ws) =>
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { id: number; channel: string };
      received.push(frame.channel);
      if (!unanswered.has(frame.channel)) ws.send(JSON.stringify({ type: 'result', id: frame.id, envelope: { ok: true, value: frame.channel } }));
    }),
  );
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    clients: sockets.clients,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The browser's WebSocket, as ws's client (this Node has none): a refused connection is a close, as in a page, not a thrown error. */
class PageWebSocket extends WsClient {
  constructor(...args: ConstructorParameters<typeof WsClient>) {
    super(...args);
    this.on('error', () => {});
  }
}

/**
 * A bridge connected to a stand-in host (which leaves `unanswered` channels
 * unanswered), for `connected` to call on; then the host goes away.
 * `anotherFailedAttempt` waits out an attempt to reconnect; `comeBack`
 * starts a host that answers everything on the same port.
 */
async function bridgeWhoseHostWentAway(
  options: { unanswered?: ReadonlySet<string>; connected?(bridge: SocketBridge): void; reconnected?(bridge: SocketBridge): void } = {},
) {
  let host = await startHost(0, options.unanswered);
  const port = host.port;
  pageGlobals(port);
  Object.assign(globalThis, { fetch: () => Promise.reject(new Error('the host is down')) });
  const states: boolean[] = [];
  // As the app does on reconnecting (App.tsx's onReconnect): catch-up reads.
  const bridge: SocketBridge = createSocketBridge((connected) => {
    states.push(connected);
    if (connected && states.length > 1) options.reconnected?.(bridge);
  });
  cleanups.push(async () => {
    bridge.close();
    await host.close();
  });
  await until(() => states.at(-1) === true, 'the connection');
  options.connected?.(bridge);
  await until(() => host.received.length > 0 || !options.connected, 'the calls made while connected to reach the host');
  await host.close();
  await until(() => states.at(-1) === false, 'the drop');
  return {
    bridge,
    /** How many times the connection changed (each failed attempt to reconnect counts). */
    changes: () => states.length,
    /** Waits for one more attempt to reconnect, failed. */
    async anotherFailedAttempt() {
      const failed = states.length;
      await until(() => states.length > failed, 'another failed reconnection');
    },
    async comeBack() {
      host = await startHost(port);
      await until(() => states.at(-1) === true, 'the reconnection');
      return host;
    },
  };
}

type SocketBridge = ReturnType<typeof createSocketBridge>;

/** The page's globals, in Node: its WebSocket and its address. */
function pageGlobals(port: number): void {
  Object.assign(globalThis, { WebSocket: PageWebSocket, location: { protocol: 'http:', host: `127.0.0.1:${port}`, pathname: '/' } });
}

describe('socket bridge while the host is unreachable', () => {
  it('fails step:run, step:runAll and step:rollback at once, and a read made meanwhile waits through failed reconnections and is answered once it is back', async () => {
    const { bridge, anotherFailedAttempt, comeBack } = await bridgeWhoseHostWentAway({ reconnected: (reconnected) => void reconnected.invoke('timeline:list', {} as never) });
    for (const channel of ['step:run', 'step:runAll', 'step:rollback'] as const) {
      const envelope = await bridge.invoke(channel, {} as never);
      expect(envelope).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/nothing was run/) } });
    }
    const queued = bridge.invoke('runbooks:list', {} as never);
    await anotherFailedAttempt();

    const host = await comeBack();
    expect(await queued).toEqual({ ok: true, value: 'runbooks:list' });
    expect(await bridge.invoke('step:run', {} as never)).toEqual({ ok: true, value: 'step:run' });
    // What waited reaches the host before the app's catch-up reads, so they see its effects.
    expect(host.received).toEqual(['runbooks:list', 'timeline:list', 'step:run']);
  });

  it('does not keep keys typed into the terminal for later: a line typed while the host is unreachable never reaches the shell', async () => {
    const { bridge, comeBack } = await bridgeWhoseHostWentAway();
    const typed = await bridge.invoke('terminal:input', { sessionId: 's1', data: 'systemctl restart db\r' });
    expect(typed).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/what you typed was not sent/) } });

    // Back: what reaches the host is only what is typed from now on.
    const host = await comeBack();
    expect(await bridge.invoke('terminal:input', { sessionId: 's1', data: 'uptime\r' })).toEqual({ ok: true, value: 'terminal:input' });
    expect(host.received).toEqual(['terminal:input']);
  });

  it('refuses a call that acts (a note) at once, and never sends it later: the responder was told it was not saved', async () => {
    const { bridge, changes, anotherFailedAttempt, comeBack } = await bridgeWhoseHostWentAway();
    const before = changes();
    const note = await bridge.invoke('note:add', { text: 'rolled back to v41' } as never);
    // At once: not at the next failed attempt to reconnect.
    expect(changes()).toBe(before);
    await anotherFailedAttempt();
    expect(note).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/the note was not saved/) } });

    const host = await comeBack();
    expect(await bridge.invoke('timeline:list', {} as never)).toEqual({ ok: true, value: 'timeline:list' });
    expect(host.received).toEqual(['timeline:list']);
  });

  it('a call that acts, cut off in flight, fails saying it may or may not have been done, and is not sent again', async () => {
    let declared: Promise<unknown> = Promise.resolve();
    const { bridge, comeBack } = await bridgeWhoseHostWentAway({
      unanswered: new Set(['incident:declare']),
      connected: (bridge) => (declared = bridge.invoke('incident:declare', { title: 'Checkout down' } as never)),
    });
    expect(await declared).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/may or may not have been done/) } });

    // Whatever waited is sent first on reconnecting: had the declaration been kept, it would arrive before this read.
    const host = await comeBack();
    expect(await bridge.invoke('timeline:list', {} as never)).toEqual({ ok: true, value: 'timeline:list' });
    expect(host.received).toEqual(['timeline:list']);
  });

  it('a read cut off in flight is sent again once the host is back, and answered', async () => {
    let listed: Promise<unknown> = Promise.resolve();
    const { anotherFailedAttempt, comeBack } = await bridgeWhoseHostWentAway({
      unanswered: new Set(['timeline:list']),
      connected: (bridge) => (listed = bridge.invoke('timeline:list', {} as never)),
    });
    await anotherFailedAttempt();
    const host = await comeBack();
    expect(await listed).toEqual({ ok: true, value: 'timeline:list' });
    expect(host.received).toEqual(['timeline:list']);
  });

  it('once the host refuses this page (it restarted with a new token), what waited fails and nothing is sent again', async () => {
    const { bridge } = await bridgeWhoseHostWentAway();
    const waiting = bridge.invoke('runbooks:list', {} as never);
    // The next attempt to reconnect asks the page's URL first, and is told 401.
    Object.assign(globalThis, { fetch: () => Promise.resolve({ status: 401 }) });
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/no longer connected/) } });
    expect(await bridge.invoke('incident:list', {} as never)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no longer connected/) } });
  });

  it('a call that acts, made while the page first connects, waits for that first connection', async () => {
    const host = await startHost();
    pageGlobals(host.port);
    const bridge = createSocketBridge();
    cleanups.push(async () => {
      bridge.close();
      await host.close();
    });
    expect(await bridge.invoke('terminal:open', {} as never)).toEqual({ ok: true, value: 'terminal:open' });
  });
});
