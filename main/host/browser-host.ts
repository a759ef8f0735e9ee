import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ClientFrameSchema,
  MAX_CLIENT_FRAME_BYTES,
  SOCKET_PATH,
  TOKEN_COOKIE,
  type ServerFrame,
} from '../../shared/ipc/socket-protocol';
import { contentSecurityPolicy } from '../../shared/security/content-security-policy';
import type { EngineConnection } from '../engine/engine-connection';
import { readStaticFile } from './static-files';

export interface BrowserHostOptions {
  /** The engine: an EngineClient to the engine host process (serve), or an in-process AppServices (tests). */
  engine: EngineConnection;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token, for tests; a random one otherwise. */
  token?: string;
}

export interface RunningBrowserHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Serves the built renderer and the IPC contract on 127.0.0.1 only. Every
 * request must carry the per-run token (in the URL the first time, then in
 * an HttpOnly cookie), and a WebSocket must also come from the page's own
 * origin, so another site open in the same browser cannot drive the shell.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<RunningBrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const { engine } = options;
  let clientCounter = 0;
  // Tabs connected now: with none, the terminals stop waiting for acknowledgements (see TerminalService.setViewerCount).
  let viewers = 0;
  engine.setViewerCount(viewers);
  // Cookies ignore ports: one name per port keeps two hosts (or another local
  // server) from overwriting or receiving each other's token.
  let cookieName = TOKEN_COOKIE;

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const presented = url.searchParams.get('token') ?? readCookie(request.headers.cookie, cookieName);
    if (!isLoopbackHost(request.headers.host)) {
      return refuse(response, 403, 'Firebreak answers only on a loopback address.');
    }
    if (!presented || !sameToken(presented, token)) {
      return refuse(
        response,
        401,
        'This Firebreak browser host needs its access token. Open the full URL that "firebreak serve" printed.',
      );
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Method not allowed.');
    if (url.pathname === '/open') return void openLink(url, response);
    if (url.searchParams.has('token')) {
      // Trade the token in the URL for the cookie, and drop it from the address bar and history.
      url.searchParams.delete('token');
      response.writeHead(303, {
        Location: `${url.pathname}${url.search}`,
        'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      response.end();
      return;
    }
    const file = readStaticFile(options.rendererDir, url.pathname);
    if (!file) return refuse(response, 404, `Not found: ${url.pathname}`);
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': file.contentType,
      'Content-Security-Policy': contentSecurityPolicy([`ws://${request.headers.host}`]),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    };
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  });

  /**
   * `/open?runbook=<id>&PARAM=value&profile=…` (token-protected like every
   * route): the runbook opens in the page with the values filled, never
   * run. `/open?join=CODE` (an invite link's form here) opens the Team
   * panel with the code in Join, never joined. A bad link is a 400 with the
   * reason; otherwise a redirect to the app, which takes the link from the
   * inbox.
   */
  const openLink = async (url: URL, response: http.ServerResponse) => {
    const cookie = url.searchParams.has('token') ? { 'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {};
    const delivered = await engine.openLink(url.toString());
    if (!delivered.ok) {
      const status = delivered.error.code === 'not_found' ? 404 : delivered.error.code === 'unavailable' ? 503 : 400;
      return refuse(response, status, delivered.error.message);
    }
    response.writeHead(303, { Location: '/', ...cookie, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    response.end();
  };

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const presented = url.searchParams.get('token') ?? readCookie(request.headers.cookie, cookieName);
    const origin = request.headers.origin;
    const allowed =
      url.pathname === SOCKET_PATH &&
      isLoopbackHost(request.headers.host) &&
      presented !== undefined &&
      sameToken(presented, token) &&
      origin !== undefined &&
      origin === `http://${request.headers.host}`;
    if (!allowed) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveClient(ws, `browser-${++clientCounter}`));
  });

  function serveClient(ws: WebSocket, clientId: string): void {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const subscription = engine.subscribe((channel, payload) => send({ type: 'event', channel, payload }));
    engine.setViewerCount(++viewers);
    let gone = false;
    const unsubscribe = () => {
      if (gone) return;
      gone = true;
      subscription();
      engine.setViewerCount(--viewers);
    };
    ws.on('message', async (raw) => {
      let frame;
      try {
        frame = ClientFrameSchema.parse(JSON.parse(raw.toString()));
      } catch {
        // Without a valid id there is nobody to answer; the frame is dropped.
        return;
      }
      const envelope = await engine.dispatch(frame.channel, frame.payload, { transport: 'browser', clientId });
      send({ type: 'result', id: frame.id, envelope });
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  cookieName = `${TOKEN_COOKIE}_${port}`;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function refuse(response: http.ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${message}\n`);
}

function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return LOOPBACK_HOSTNAMES.has(hostname);
}

function sameToken(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
