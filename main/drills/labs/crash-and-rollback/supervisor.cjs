'use strict';
// Crash lab supervisor: runs <lab>/current/server.cjs, writes its pid to
// run/web.pid, sends its output to logs/web.log and starts it again from
// whatever `current` points at whenever it exits, like runit or supervisord.
// The server is started through lab-node-child.cjs: spawned with this Node
// under plain Node, forked by Firebreak's main process in the desktop app
// (where process.execPath is Electron and cannot run it).
// Usage: node supervisor.cjs <lab dir> <port>
const fs = require('node:fs');
const path = require('node:path');
const { startNodeChild } = require('./lab-node-child.cjs');
const { watchParent, log } = require('./lab-watchdog.cjs');

const [labDir, port] = process.argv.slice(2);
/** Pause before a restart (ms): a crash loop restarts about once a second, as supervisors with a short backoff do. */
const RESTART_DELAY_MS = 1000;
const pidFile = path.join(labDir, 'run', 'web.pid');
const serviceLog = path.join(labDir, 'logs', 'web.log');
let child = null;
let stopping = false;
let restartTimer = null;

function startService() {
  restartTimer = null;
  if (stopping) return;
  const entry = path.join(labDir, 'current', 'server.cjs');
  const release = (() => {
    try {
      return path.basename(fs.realpathSync(path.join(labDir, 'current')));
    } catch {
      return '(current is missing)';
    }
  })();
  const started = startNodeChild(entry, [], { cwd: labDir, env: { ...process.env, PORT: port, RELEASE: release }, logFile: serviceLog });
  child = started;
  started.on('error', (error) => log('supervisor', `cannot start ${release}: ${error.message}`));
  started.on('spawn', () => {
    if (child === started && !started.exited) fs.writeFileSync(pidFile, `${started.pid}\n`);
    log('supervisor', `started release ${release} as pid ${started.pid}`);
  });
  started.on('exit', (code, signal) => {
    // An empty pid file, not a stale pid: `kill $(cat run/web.pid)` must never hit a recycled pid.
    if (child === started) fs.writeFileSync(pidFile, '');
    log('supervisor', `pid ${started.pid} exited (${signal ?? `code ${code}`})${stopping ? '' : `; restarting in ${RESTART_DELAY_MS} ms`}`);
    if (!stopping) restartTimer = setTimeout(startService, RESTART_DELAY_MS);
  });
}

function stop(reason) {
  if (stopping) return;
  stopping = true;
  log('supervisor', `stopping: ${reason}`);
  if (restartTimer) clearTimeout(restartTimer);
  if (child && !child.exited) {
    child.once('exit', () => process.exit(0));
    child.kill('SIGTERM');
    setTimeout(() => {
      child.kill('SIGKILL');
      process.exit(0);
    }, 2000).unref();
  } else {
    process.exit(0);
  }
}

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
watchParent((reason) => stop(reason));
// Keeps the supervisor alive between restarts.
setInterval(() => {}, 60_000);
startService();
