import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as WsClient, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { SOCKET_PATH } from '../../../shared/ipc/socket-protocol';
import { createSocketBridge } from './socket-bridge';

/** A stand-in host on a real socket: answers every invoke with its channel name. */
async function startHost(port = 0): Promise<{ port: number; clients: Set<ServerSocket>; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((_request, response) => response.end());
  const sockets = new WebSocketServer({ server, path: SOCKET_PATH });
  sockets.on('connection', (ws) =>
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { id: number; channel: string };
      received.push(frame.channel);
      ws.send(JSON.stringify({ type: 'result', id: frame.id, envelope: { ok: true, value: frame.channel } }));
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

/** A bridge connected to a stand-in host, which then goes away; `comeBack` starts it again on the same port. */
async function bridgeWhoseHostWentAway() {
  let host = await startHost();
  const port = host.port;
  // The page's globals, in Node: ws's client speaks the browser WebSocket API (this Node has no global one).
  Object.assign(globalThis, { WebSocket: WsClient, location: { protocol: 'http:', host: `127.0.0.1:${port}`, pathname: '/' } });
  const states: boolean[] = [];
  const bridge = createSocketBridge((connected) => states.push(connected));
  cleanups.push(() => host.close());
  await until(() => states.at(-1) === true, 'the connection');
  await host.close();
  await until(() => states.at(-1) === false, 'the drop');
  return {
    bridge,
    async comeBack() {
      host = await startHost(port);
      await until(() => states.at(-1) === true, 'the reconnection');
      return host;
    },
  };
}

describe('socket bridge while the host is unreachable', () => {
  it('fails step:run, step:runAll and step:rollback at once, and sends other calls once it is back', async () => {
    const { bridge, comeBack } = await bridgeWhoseHostWentAway();
    for (const channel of ['step:run', 'step:runAll', 'step:rollback'] as const) {
      const envelope = await bridge.invoke(channel, {} as never);
      expect(envelope).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/nothing was run/) } });
    }
    const queued = bridge.invoke('runbooks:list', {} as never);

    await comeBack();
    expect(await queued).toEqual({ ok: true, value: 'runbooks:list' });
    expect(await bridge.invoke('step:run', {} as never)).toEqual({ ok: true, value: 'step:run' });
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
});
