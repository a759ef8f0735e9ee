'use strict';
// Database lab: keeps one PostgreSQL server (postmaster) as its child, so the
// server belongs to a lab process group and ends with the lab. PostgreSQL
// cannot watch its parent; this keeper does it for it. When the server stops
// (the injector crashes the primary), the keeper stays and does not restart it.
// On SIGTERM or when its parent goes away it shuts the server down
// (immediate mode), and also any other server in <lab>/pg/* that a responder
// started from the drill shell with pg_ctl.
// Usage: node pg-keeper.cjs <lab dir> <bin dir> <data dir>
// FIREBREAK_PG_UID / FIREBREAK_PG_GID: run the server as this user (PostgreSQL refuses root).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { watchParent, log } = require('./lab-watchdog.cjs');

const [labDir, binDir, dataDir] = process.argv.slice(2);
const name = `pg-keeper ${path.basename(dataDir)}`;
/** How long a server gets to finish an immediate shutdown before SIGKILL (ms). */
const SHUTDOWN_GRACE_MS = 3000;
const uid = process.env.FIREBREAK_PG_UID ? Number(process.env.FIREBREAK_PG_UID) : undefined;
const gid = process.env.FIREBREAK_PG_GID ? Number(process.env.FIREBREAK_PG_GID) : undefined;
let stopping = false;

const server = spawn(path.join(binDir, 'postgres'), ['-D', dataDir], {
  cwd: dataDir,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C' },
  ...(uid !== undefined ? { uid, gid } : {}),
});
log(name, `started postgres as pid ${server.pid}`);
server.on('error', (error) => log(name, `cannot start postgres: ${error.message}`));
server.on('exit', (code, signal) => {
  log(name, `postgres exited (${signal ?? `code ${code}`})${stopping ? '' : '; not restarting'}`);
});

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Postmasters of data directories under <lab>/pg, by the pid in postmaster.pid, confirmed by their working directory. */
function labPostmasters() {
  const found = [];
  const pgRoot = path.join(labDir, 'pg');
  let entries = [];
  try {
    entries = fs.readdirSync(pgRoot);
  } catch {
    return found;
  }
  for (const entry of entries) {
    const dir = path.join(pgRoot, entry);
    try {
      const pid = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0 && fs.readlinkSync(`/proc/${pid}/cwd`) === fs.realpathSync(dir)) found.push(pid);
    } catch {
      // No server, or it is already gone.
    }
  }
  return found;
}

function shutDown(reason) {
  if (stopping) return;
  stopping = true;
  log(name, `shutting down: ${reason}`);
  const pids = new Set(labPostmasters());
  if (server.pid && server.exitCode === null && server.signalCode === null) pids.add(server.pid);
  // SIGQUIT is PostgreSQL's immediate shutdown: fast, and it still removes its shared memory.
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + SHUTDOWN_GRACE_MS;
  const timer = setInterval(() => {
    const left = [...pids].filter(alive);
    if (left.length === 0 || Date.now() > deadline) {
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
      clearInterval(timer);
      process.exit(0);
    }
  }, 50);
}

process.on('SIGTERM', () => shutDown('SIGTERM'));
process.on('SIGINT', () => shutDown('SIGINT'));
watchParent((reason) => shutDown(reason));
setInterval(() => {}, 60_000);
