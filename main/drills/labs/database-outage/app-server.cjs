'use strict';
// Database lab: the application. It finds its database in app/db-endpoint
// (one line "host=… port=…", re-read on every use), refuses writes while
// app/read-only exists, and writes a heartbeat row every 2 s like real traffic.
//   GET /healthz → 200 only when it can read and write (not read-only, a write succeeds)
//   GET /        → JSON: endpoint, read-only, last write error
// Usage: node app-server.cjs <lab dir> <port>   (PG_BINDIR: where psql is)
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { watchParent, log } = require('./lab-watchdog.cjs');

const [labDir, portText] = process.argv.slice(2);
const port = Number(portText);
const endpointFile = path.join(labDir, 'app', 'db-endpoint');
const readOnlyFlag = path.join(labDir, 'app', 'read-only');
const psql = path.join(process.env.PG_BINDIR || '/usr/bin', 'psql');
/** Heartbeat period (ms): frequent enough that replica lag stays within a few seconds of the crash. */
const HEARTBEAT_MS = 2000;
/** How long one database write may take before it counts as failed (ms). */
const WRITE_TIMEOUT_MS = 4000;
let lastError = null;

function endpoint() {
  const text = fs.readFileSync(endpointFile, 'utf8');
  const host = /host=(\S+)/.exec(text);
  const portMatch = /port=(\d+)/.exec(text);
  if (!host || !portMatch) throw new Error(`${endpointFile} does not say host=… port=…`);
  return { host: host[1], port: portMatch[1] };
}

function readOnlySince() {
  try {
    return fs.readFileSync(readOnlyFlag, 'utf8').trim() || 'unknown time';
  } catch {
    return null;
  }
}

/** Inserts one heartbeat row through psql; resolves to null or the error's first line. */
function write(source) {
  return new Promise((resolve) => {
    let target;
    try {
      target = endpoint();
    } catch (error) {
      resolve(error.message);
      return;
    }
    execFile(
      psql,
      ['-X', '-w', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', target.host, '-p', target.port, '-U', 'postgres', '-d', 'app', '-c', `INSERT INTO app_heartbeat(source) VALUES ('${source}')`],
      { timeout: WRITE_TIMEOUT_MS, env: { PATH: process.env.PATH, PGCONNECT_TIMEOUT: '2' } },
      (error, _stdout, stderr) => {
        if (!error) return resolve(null);
        resolve(`${target.host}:${target.port}: ${(stderr || error.message).trim().split('\n')[0]}`);
      },
    );
  });
}

async function heartbeat() {
  if (readOnlySince()) return;
  const error = await write('heartbeat');
  if (error !== lastError) log('app', error ? `write failed: ${error}` : 'writes work again');
  lastError = error;
}

const server = http.createServer(async (req, res) => {
  if (req.url === '/healthz') {
    const since = readOnlySince();
    if (since) {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end(`read-only mode since ${since}: writes are refused\n`);
      return;
    }
    const error = await write('healthz');
    res.writeHead(error ? 503 : 200, { 'content-type': 'text/plain' });
    res.end(error ? `cannot write: ${error}\n` : `ok: reads and writes work (${fs.readFileSync(endpointFile, 'utf8').trim()})\n`);
    return;
  }
  let target = null;
  try {
    target = endpoint();
  } catch {
    // Reported as null.
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify({ endpoint: target, readOnlySince: readOnlySince(), lastWriteError: lastError })}\n`);
});
server.on('error', (error) => {
  log('app', `cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => log('app', `listening on 127.0.0.1:${port}`));
setInterval(heartbeat, HEARTBEAT_MS);
process.on('SIGTERM', () => process.exit(0));
watchParent((reason) => {
  log('app', `exiting: ${reason}`);
  process.exit(0);
});
