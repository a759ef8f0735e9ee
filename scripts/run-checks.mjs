#!/usr/bin/env node
// `npm test`: every check, in the order a failure is cheapest to find:
// typecheck, lint, build, unit and integration tests (vitest, real pty and
// SQLite), end-to-end tests in Chromium through the browser host, and the
// Electron spec (which says plainly when it is skipped). Runs them all, then
// prints one closing line: "checks: N passed, N failed".
import { spawnSync } from 'node:child_process';
import path from 'node:path';
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

const results = [];
for (const [name, command, args] of checks) {
  process.stdout.write(`\n=== ${name}\n`);
  const started = Date.now();
  // npx is a .cmd on Windows, which Node only starts through a shell.
  const status = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env, shell: process.platform === 'win32' }).status;
  results.push({ name, ok: status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  // Nothing after a failed build or native-module step can mean anything.
  if (status !== 0 && (name === 'build' || name.startsWith('native'))) break;
}

process.stdout.write('\n');
for (const result of results) process.stdout.write(`${result.ok ? 'ok  ' : 'FAIL'} ${result.name} (${result.seconds} s)\n`);
const failed = results.filter((result) => !result.ok).length;
const skipped = checks.length - results.length;
process.stdout.write(`checks: ${results.length - failed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed ? 1 : 0;
