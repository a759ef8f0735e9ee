import WebSocket from 'ws';
import { expect, startHost, stopHost, test } from './browser-host-fixture';

function tryWebSocket(url: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', () => resolve(0));
  });
}

test('the browser host refuses requests without the token and sockets from a foreign origin', async ({ host, request }) => {
  const noToken = await request.get(`${host.origin}/`);
  expect(noToken.status()).toBe(401);
  expect(await noToken.text()).toContain('needs its access token');

  const wrongToken = await request.get(`${host.origin}/?token=nope`);
  expect(wrongToken.status()).toBe(401);

  const token = new URL(host.url).searchParams.get('token')!;
  const socketUrl = `${host.origin.replace('http', 'ws')}/ipc?token=${token}`;
  expect(await tryWebSocket(socketUrl, { Origin: 'http://evil.example' })).toBe(403);
  expect(await tryWebSocket(`${host.origin.replace('http', 'ws')}/ipc`, { Origin: host.origin })).toBe(403);
  expect(await tryWebSocket(socketUrl, { Origin: host.origin })).toBe('open');
});

test('a malformed payload gets a typed error and the host keeps serving', async ({ host }) => {
  const token = new URL(host.url).searchParams.get('token')!;
  const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/ipc?token=${token}`, { headers: { Origin: host.origin } });
  await new Promise((resolve) => socket.once('open', resolve));
  const replies: unknown[] = [];
  socket.on('message', (data) => replies.push(JSON.parse(data.toString())));
  socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'terminal:resize', payload: { sessionId: 'x', cols: 'wide' } }));
  socket.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'no:such', payload: {} }));
  socket.send('not json at all');
  socket.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'runbooks:list', payload: {} }));
  await expect.poll(() => replies.length).toBe(3);
  expect(replies[0]).toMatchObject({ id: 1, envelope: { ok: false, error: { code: 'bad_request' } } });
  expect(JSON.stringify(replies[0])).toContain('cols');
  expect(replies[1]).toMatchObject({ id: 2, envelope: { ok: false, error: { code: 'bad_request', message: 'Unknown channel "no:such".' } } });
  expect(replies[2]).toMatchObject({ id: 3, envelope: { ok: true } });
  socket.close();
});

test('the token leaves the address bar for a port-bound cookie, and a page whose host restarted says to open the new URL', async ({ page }) => {
  const first = await startHost();
  try {
    await page.goto(first.url);
    // Redirected: the token is no longer in the URL (nor in history).
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    const cookies = await page.context().cookies();
    expect(cookies.map((cookie) => cookie.name)).toContain(`firebreak_token_${new URL(first.url).port}`);
    expect(cookies.find((cookie) => cookie.name.startsWith('firebreak_token'))?.httpOnly).toBe(true);
    await expect(page.getByRole('navigation', { name: 'Runbooks' })).toBeVisible();
  } finally {
    await stopHost(first);
  }
  // A new host on the same port has a new token: the old page cannot use it and says so.
  const second = await startHost({ port: Number(new URL(first.url).port) });
  try {
    await expect(page.getByTestId('host-access-ended')).toContainText('Open the new URL', { timeout: 30_000 });
  } finally {
    await stopHost(second);
  }
});
