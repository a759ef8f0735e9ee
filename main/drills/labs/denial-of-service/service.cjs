'use strict';
// Flood lab: the service behind the proxy, on a Unix socket inside the lab.
// It has a fixed capacity; when more requests arrive per second than it can
// serve it is overloaded and sheds load: every answer, /healthz included, is
// a fast 503 until the arrival rate drops below capacity again.
// Usage: node service.cjs <socket path>
const fs = require('node:fs');
const http = require('node:http');
const { watchParent, log } = require('./lab-watchdog.cjs');

const [socketPath] = process.argv.slice(2);
/** Requests per second the service can take; the drill flood sends about three times this, the rate limit lets through well under it. */
const CAPACITY_PER_SECOND = 100;
/** Arrival counts per 100 ms slot over the last second. */
const SLOT_MS = 100;
const slots = new Array(10).fill(0);
let slotStart = Date.now();

function arrivalsInLastSecond() {
  const now = Date.now();
  while (now - slotStart >= SLOT_MS) {
    slots.shift();
    slots.push(0);
    slotStart += SLOT_MS;
  }
  return slots.reduce((sum, count) => sum + count, 0);
}

const server = http.createServer((req, res) => {
  const rate = arrivalsInLastSecond();
  slots[slots.length - 1] += 1;
  if (rate >= CAPACITY_PER_SECOND) {
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end(`overloaded: ${rate} req/s against a capacity of ${CAPACITY_PER_SECOND}\n`);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(req.url === '/healthz' ? `ok: ${rate} req/s, capacity ${CAPACITY_PER_SECOND}\n` : `results for ${req.url}\n`);
});
server.keepAliveTimeout = 5000;
fs.rmSync(socketPath, { force: true });
server.on('error', (error) => {
  log('service', `cannot listen on ${socketPath}: ${error.message}`);
  process.exit(1);
});
server.listen(socketPath, () => log('service', `listening on ${socketPath}, capacity ${CAPACITY_PER_SECOND} req/s`));
process.on('SIGTERM', () => process.exit(0));
watchParent((reason) => {
  log('service', `exiting: ${reason}`);
  process.exit(0);
});
