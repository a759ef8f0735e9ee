'use strict';
// Flood lab: the reverse proxy in front of the service, on 127.0.0.1.
// Reads the same files an nginx include would hold, and re-reads them on SIGHUP:
//   proxy/rate-limit.conf: "limit_req_zone … rate=<N>r/s;" and "limit_req … burst=<N> …;"
//   proxy/blocklist.conf:  "deny <address>;" lines
// Blocked clients get 403, clients over the limit 429 (nginx limit_req with
// nodelay: a leaky bucket of `burst` requests draining at `rate` per second).
// The client address is the first X-Forwarded-For entry when the connection
// comes from loopback (like nginx's real-IP module behind a trusted balancer).
// Every request is logged to logs/access.log in the combined format.
// Usage: node proxy.cjs <lab dir> <port> <service socket>
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { watchParent, log } = require('./lab-watchdog.cjs');

const [labDir, portText, socketPath] = process.argv.slice(2);
const port = Number(portText);
const rateLimitFile = path.join(labDir, 'proxy', 'rate-limit.conf');
const blocklistFile = path.join(labDir, 'proxy', 'blocklist.conf');
const accessLog = fs.createWriteStream(path.join(labDir, 'logs', 'access.log'), { flags: 'a' });
const upstream = new http.Agent({ keepAlive: true, maxSockets: 64 });
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

let rateLimit = null;
let blocked = new Set();
/** Per client: the nginx "excess" (requests above the rate) and when it was last updated. */
const buckets = new Map();

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function loadConfig() {
  const limits = readText(rateLimitFile)
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n');
  const rate = /rate=(\d+)r\/s/.exec(limits);
  const burst = /limit_req\s[^;]*burst=(\d+)/.exec(limits);
  rateLimit = rate ? { rate: Number(rate[1]), burst: burst ? Number(burst[1]) : 0 } : null;
  blocked = new Set([...readText(blocklistFile).matchAll(/^\s*deny\s+([0-9A-Fa-f.:/]+)\s*;/gm)].map((match) => match[1]));
  buckets.clear();
  log('proxy', `config loaded: rate limit ${rateLimit ? `${rateLimit.rate} r/s burst ${rateLimit.burst}` : 'off'}, ${blocked.size} blocked addresses`);
}

/** nginx limit_req with nodelay: true when the request is within rate + burst. */
function allowed(client) {
  if (!rateLimit) return true;
  const now = Date.now();
  const bucket = buckets.get(client) || { excess: 0, at: now };
  const excess = Math.max(0, bucket.excess - (rateLimit.rate * (now - bucket.at)) / 1000) + 1;
  if (excess > rateLimit.burst + 1) return false;
  buckets.set(client, { excess, at: now });
  return true;
}

function clientAddress(req) {
  const remote = (req.socket.remoteAddress || '').replace(/^::ffff:/, '');
  const forwarded = req.headers['x-forwarded-for'];
  if ((remote === '127.0.0.1' || remote === '::1') && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',')[0].trim();
  return remote;
}

function timeLocal(at) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
}

function logRequest(client, req, status, bytes) {
  const agent = String(req.headers['user-agent'] || '-').replace(/"/g, '');
  accessLog.write(`${client} - - [${timeLocal(new Date())}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${status} ${bytes} "-" "${agent}"\n`);
}

function answer(client, req, res, status, body) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
  logRequest(client, req, status, Buffer.byteLength(body));
}

const server = http.createServer((req, res) => {
  const client = clientAddress(req);
  if (blocked.has(client)) return answer(client, req, res, 403, '403 Forbidden\n');
  if (!allowed(client)) return answer(client, req, res, 429, '429 Too Many Requests\n');
  const forward = http.request({ socketPath, path: req.url, method: req.method, headers: { ...req.headers, 'x-real-ip': client }, agent: upstream, timeout: 5000 }, (upstreamRes) => {
    let bytes = 0;
    upstreamRes.on('data', (chunk) => (bytes += chunk.length));
    upstreamRes.on('end', () => logRequest(client, req, upstreamRes.statusCode, bytes));
    res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  forward.on('timeout', () => forward.destroy(new Error('upstream timed out')));
  forward.on('error', () => {
    if (!res.headersSent) answer(client, req, res, 502, '502 Bad Gateway\n');
    else res.destroy();
  });
  req.pipe(forward);
});
server.keepAliveTimeout = 5000;
server.on('error', (error) => {
  log('proxy', `cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});

loadConfig();
process.on('SIGHUP', loadConfig);
process.on('SIGTERM', () => process.exit(0));
watchParent((reason) => {
  log('proxy', `exiting: ${reason}`);
  process.exit(0);
});
server.listen(port, '127.0.0.1', () => {
  fs.writeFileSync(path.join(labDir, 'run', 'proxy.pid'), `${process.pid}\n`);
  log('proxy', `listening on 127.0.0.1:${port}`);
});
