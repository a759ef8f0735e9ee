#!/usr/bin/env node
// `npm test`: every check, in the order a failure is cheapest to find:
// typecheck, lint, build, unit and integration tests (vitest, real pty and
// SQLite), end-to-end tests in Chromium through the browser host, and the
// Electron spec (which says plainly when it is skipped). Runs them all, then
// prints one closing line: "checks: N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const useXvfb = process.platform === 'linux' && !process.env.DISPLAY && spawnSync('sh', ['-c', 'command -v xvfb-run']).status === 0;

const checks = [
  ['native modules for Node', process.execPath, ['scripts/native-modules.mjs', 'node']],
  ['typecheck (node)', npx, ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
  ['typecheck (web)', npx, ['tsc', '-p', 'tsconfig.web.json', '--noEmit']],
  // e2e specs run in Node but hand callbacks to the page, so they see both Node and DOM types.
  ['typecheck (e2e)', npx, ['tsc', '-p', 'tsconfig.e2e.json', '--noEmit']],
  ['lint', npx, ['eslint', '--max-warnings', '0', '.']],
  ['build', npx, ['electron-vite', 'build', '--logLevel', 'warn']],
  ['unit and integration tests', npx, ['vitest', 'run']],
  // The Electron spec needs a display; xvfb-run provides one on a headless Linux box.
  ['end-to-end tests', useXvfb ? 'xvfb-run' : npx, useXvfb ? ['-a', npx, 'playwright', 'test'] : ['playwright', 'test']],
];

/**
 * Runs one check with its output streamed live and also kept (the last lines
 * only), so that a failure can be summed up again at the very end: CI shows
 * the tail of the log, and the cause must be in it.
 */
function runCheck(command, args) {
  return new Promise((resolve) => {
    // npx is a .cmd on Windows, which Node only starts through a shell.
    const child = spawn(command, args, { cwd: root, stdio: ['inherit', 'pipe', 'pipe'], env: process.env, shell: process.platform === 'win32' });
    const kept = [];
    let partial = '';
    const keep = (chunk) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      kept.push(...lines);
      if (kept.length > 4000) kept.splice(0, kept.length - 4000);
    };
    child.stdout.on('data', (chunk) => { process.stdout.write(chunk); keep(chunk); });
    child.stderr.on('data', (chunk) => { process.stderr.write(chunk); keep(chunk); });
    child.on('error', (error) => { kept.push(String(error)); resolve({ status: 1, kept }); });
    child.on('close', (status) => { if (partial) kept.push(partial); resolve({ status, kept }); });
  });
}

/** The lines of a failed check's output that name what failed and why, at most 14 (a CI log shows only its last few dozen lines). */
function failureLines(kept) {
  // Colour codes would hide the markers from the patterns below.
  const plain = kept.map((line) => stripVTControlCharacters(line));
  const telling = plain.filter((line) => /(^|\s)(FAIL|✘|✗|×)\s|Error:|error TS\d+|\d+:\d+\s+error\s|expected .* to |Expected|Received|failed|^Page at failure:/.test(line));
  const chosen = telling.length > 0 ? telling : plain.filter((line) => line.trim() !== '');
  const unique = [...new Set(chosen.map((line) => line.trimEnd()))];
  return unique.length > 14 ? [...unique.slice(0, 13), `  … and ${unique.length - 13} more lines above`] : unique;
}

const results = [];
for (const [name, command, args] of checks) {
  process.stdout.write(`\n=== ${name}\n`);
  const started = Date.now();
  const { status, kept } = await runCheck(command, args);
  results.push({ name, ok: status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1), failure: status === 0 ? [] : failureLines(kept) });
  // Nothing after a failed build or native-module step can mean anything.
  if (status !== 0 && (name === 'build' || name.startsWith('native'))) break;
}

process.stdout.write('\n');
for (const result of results) process.stdout.write(`${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${result.seconds} s)\n`);
// What failed comes last but one, so the tail of the log holds it.
for (const result of results.filter((each) => !each.ok)) {
  process.stdout.write(`\n=== what failed in ${result.name}\n${result.failure.join('\n')}\n`);
}
const failed = results.filter((result) => !result.ok).length;
const skipped = checks.length - results.length;
process.stdout.write(`checks: ${results.length - failed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed ? 1 : 0;
