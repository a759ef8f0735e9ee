'use strict';
// Parent-death watchdog shared by every lab process. A lab process must end
// when whoever started it ends (Firebreak quits, crashes or is SIGKILLed), so
// it watches two things and calls onGone at the first sign:
//   - fd 3, the read end of a pipe the parent holds: EOF means the parent is gone;
//   - process.ppid: a reparented process (to init or a subreaper) lost its parent.
// Both are needed: the pipe is instant, the ppid poll also covers a parent that
// leaked its end of the pipe into another process.
// A lab process forked by Firebreak's main process (an Electron utility
// process, see lab-node-child.cjs) has no such pipe: fd 3 is not the parent's,
// and must not be read. The ppid poll watches the parent alone there (and
// Electron ends its utility processes with main); a forker over a Node IPC
// channel also closes the channel when it goes ('disconnect').
const net = require('node:net');
const { forkedByParent } = require('./lab-node-child.cjs');

/** How often the parent pid is compared (ms). */
const POLL_MS = 250;

/**
 * Calls onGone(reason) once when the parent goes away. onGone should stop the
 * process's own children and exit.
 * @param {(reason: string) => void} onGone
 * @param {{ pipe?: boolean }} [options] pipe: false when fd 3 is not a pipe from the parent.
 */
function watchParent(onGone, options = {}) {
  const parentPid = process.ppid;
  let fired = false;
  const fire = (reason) => {
    if (fired) return;
    fired = true;
    onGone(reason);
  };
  const timer = setInterval(() => {
    if (process.ppid !== parentPid) fire(`parent ${parentPid} is gone`);
  }, POLL_MS);
  timer.unref();
  if (forkedByParent()) {
    if (typeof process.send === 'function') process.on('disconnect', () => fire('parent channel closed'));
    return;
  }
  if (options.pipe !== false) {
    try {
      const pipe = new net.Socket({ fd: 3, readable: true, writable: false });
      pipe.on('data', () => {});
      pipe.on('end', () => fire('parent pipe closed'));
      pipe.on('close', () => fire('parent pipe closed'));
      pipe.on('error', () => fire('parent pipe failed'));
      pipe.unref();
    } catch {
      // No pipe on fd 3: the ppid poll alone watches the parent.
    }
  }
}

/** Writes a timestamped line to stdout (the process's log file). */
function log(name, message) {
  process.stdout.write(`${new Date().toISOString()} ${name}[${process.pid}]: ${message}\n`);
}

module.exports = { watchParent, log };
