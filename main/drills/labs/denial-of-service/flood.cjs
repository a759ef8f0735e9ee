'use strict';
// Flood lab: the bounded load generator. It sends GET requests to the proxy
// on 127.0.0.1 only, each carrying X-Forwarded-For with one of a few
// documentation addresses (203.0.113.x, RFC 5737) so the proxy logs and
// limits them as distinct clients; a little normal traffic comes from two
// other addresses. Bounded three ways: requests per second, requests in
// flight, and total duration, after which it stops sending and idles.
// Progress goes to run/flood.json once a second.
// Usage: node flood.cjs <lab dir> <port>
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { watchParent, log } = require('./lab-watchdog.cjs');

const [labDir, portText] = process.argv.slice(2);
const port = Number(portText);
/** The attacking sources and their rate each (req/s): together three times the service's capacity. */
const FLOOD_SOURCES = ['203.0.113.10', '203.0.113.11', '203.0.113.12'];
const FLOOD_RATE_PER_SOURCE = 100;
/** Normal clients, far below any block threshold (req/s each). */
const NORMAL_SOURCES = ['198.51.100.7', '192.0.2.44'];
const NORMAL_RATE_PER_SOURCE = 2;
/** Hard bounds: requests in flight, and how long the flood lasts (s; FIREBREAK_FLOOD_SECONDS overrides). */
const MAX_IN_FLIGHT = 48;
const MAX_SECONDS = Number(process.env.FIREBREAK_FLOOD_SECONDS || 1800);
const TICK_MS = 50;
const PATHS = ['/search?q=shoes', '/search?q=socks', '/search?q=hats', '/products/1', '/login'];

const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
const sent = Object.fromEntries([...FLOOD_SOURCES, ...NORMAL_SOURCES].map((ip) => [ip, 0]));
const statuses = {};
const started = Date.now();
let inFlight = 0;
let tick = 0;
let over = false;

function send(ip, userAgent) {
  if (inFlight >= MAX_IN_FLIGHT) return;
  inFlight += 1;
  sent[ip] += 1;
  const request = http.get(
    { host: '127.0.0.1', port, path: PATHS[sent[ip] % PATHS.length], agent, timeout: 5000, headers: { 'x-forwarded-for': ip, 'user-agent': userAgent } },
    (res) => {
      statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
      res.resume();
      res.on('end', () => (inFlight -= 1));
    },
  );
  request.on('timeout', () => request.destroy());
  request.on('error', () => {
    inFlight -= 1;
    statuses.error = (statuses.error || 0) + 1;
  });
}

const timer = setInterval(() => {
  if (Date.now() - started > MAX_SECONDS * 1000) {
    clearInterval(timer);
    over = true;
    log('flood', `bound reached after ${MAX_SECONDS}s; no more requests`);
    return;
  }
  tick += 1;
  const perTick = (FLOOD_RATE_PER_SOURCE * TICK_MS) / 1000;
  for (const ip of FLOOD_SOURCES) for (let i = 0; i < perTick; i++) send(ip, 'Mozilla/5.0 (compatible; floodbot/1.0)');
  // Normal clients send one request every 1000 / NORMAL_RATE_PER_SOURCE ms.
  if (tick % (1000 / TICK_MS / NORMAL_RATE_PER_SOURCE) === 0) for (const ip of NORMAL_SOURCES) send(ip, 'Mozilla/5.0 (X11; Linux x86_64)');
}, TICK_MS);

setInterval(() => {
  fs.writeFileSync(path.join(labDir, 'run', 'flood.json.next'), `${JSON.stringify({ started: new Date(started).toISOString(), over, inFlight, sent, statuses })}\n`);
  fs.renameSync(path.join(labDir, 'run', 'flood.json.next'), path.join(labDir, 'run', 'flood.json'));
}, 500);

log('flood', `flooding 127.0.0.1:${port} from ${FLOOD_SOURCES.join(', ')} at ${FLOOD_RATE_PER_SOURCE} req/s each, at most ${MAX_IN_FLIGHT} in flight, for ${MAX_SECONDS}s`);
process.on('SIGTERM', () => process.exit(0));
watchParent((reason) => {
  log('flood', `exiting: ${reason}`);
  process.exit(0);
});
