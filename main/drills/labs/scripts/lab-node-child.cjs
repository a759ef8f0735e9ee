'use strict';
// Starting a Node child from a lab script (the crash lab's supervisor runs its
// release servers this way), with one code path wherever the lab runs:
//   - forked by Firebreak's main process (the desktop app): this lab process is
//     an Electron utility process, process.execPath is Electron with the
//     runAsNode fuse off and cannot run a script, so the parent is asked over
//     process.parentPort to fork the child (main/engine/lab-forker.ts), and
//     answers with its pid and, later, its exit;
//   - forked the same way by a forker over a Node IPC channel
//     (FIREBREAK_LAB_TRANSPORT=ipc, process.send: the tests of the forker);
//   - spawned by plain Node (tests, the CLI, `firebreak serve`):
//     child_process.spawn(process.execPath), as before.
// The child's stdout and stderr are appended to `logFile` in every case.
// Messages (checked by the forker, shared/ipc/engine-protocol.ts):
//   → { type: 'labChildFork', id, script, args, cwd, env, logFile }
//   ← { type: 'labChildForked', id, pid } | { type: 'labChildForkFailed', id, message }
//   ← { type: 'labChildExit', id, code, signal }
const { spawn } = require('node:child_process');
const { EventEmitter } = require('node:events');
const fs = require('node:fs');

/** The channel to a forking parent, or null when this process spawns its children itself. */
function parentChannel() {
  if (process.parentPort) {
    return {
      send: (message) => process.parentPort.postMessage(message),
      onMessage: (listener) => process.parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (process.env.FIREBREAK_LAB_TRANSPORT === 'ipc' && typeof process.send === 'function') {
    return {
      send: (message) => process.send(message),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  return null;
}

/** Whether this lab process was forked by a parent that starts its Node children (no fd-3 pipe, no usable process.execPath). */
function forkedByParent() {
  return parentChannel() !== null;
}

/**
 * A started child, as much of ChildProcess as a lab script needs: `pid` once
 * it runs, events 'spawn', 'exit' (code, signal) and 'error' (it could not be
 * started), `exited`, and kill(signal).
 */
class NodeChild extends EventEmitter {
  constructor() {
    super();
    this.pid = undefined;
    this.exited = false;
    this.pendingSignal = null;
  }

  kill(signal = 'SIGTERM') {
    if (this.exited) return false;
    if (this.pid === undefined) {
      this.pendingSignal = signal;
      return true;
    }
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  started(pid) {
    this.pid = pid;
    this.emit('spawn');
    if (this.pendingSignal) this.kill(this.pendingSignal);
  }

  ended(code, signal) {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code, signal);
  }

  failed(error) {
    if (this.exited) return;
    this.exited = true;
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

let channel = null;
let nextId = 0;
const forked = new Map();

function connect() {
  if (channel) return channel;
  channel = parentChannel();
  channel.onMessage((message) => {
    if (!message || typeof message !== 'object' || typeof message.id !== 'number') return;
    const child = forked.get(message.id);
    if (!child) return;
    switch (message.type) {
      case 'labChildForked':
        child.started(message.pid);
        return;
      case 'labChildForkFailed':
        forked.delete(message.id);
        child.failed(new Error(message.message));
        return;
      case 'labChildExit':
        forked.delete(message.id);
        child.ended(message.code, message.signal);
        return;
    }
  });
  return channel;
}

/**
 * Starts `node script ...args` in `cwd` with `env` (the whole environment),
 * its output appended to `logFile`. Returns a NodeChild at once; its pid is
 * known on 'spawn'.
 */
function startNodeChild(script, args, { cwd, env, logFile }) {
  const child = new NodeChild();
  if (forkedByParent()) {
    const id = nextId++;
    forked.set(id, child);
    connect().send({ type: 'labChildFork', id, script, args, cwd, env, logFile });
    return child;
  }
  const out = fs.openSync(logFile, 'a');
  let real;
  try {
    real = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', out, out, 'pipe'], env });
  } finally {
    fs.closeSync(out);
  }
  real.on('spawn', () => child.started(real.pid));
  real.on('error', (error) => child.failed(error));
  real.on('exit', (code, signal) => child.ended(code, signal));
  return child;
}

module.exports = { startNodeChild, forkedByParent };
