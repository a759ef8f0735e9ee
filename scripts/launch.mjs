#!/usr/bin/env node
// `npm start`: builds Firebreak and opens the desktop app. Where no Electron
// binary is installed it says so and serves the same app to the browser
// instead. `npm run serve` (--browser) goes straight to the browser host.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const browserOnly = process.argv.includes('--browser');
const passThrough = process.argv.slice(2).filter((arg) => arg !== '--browser');

function say(line) {
  process.stdout.write(`firebreak: ${line}\n`);
}

function runOrExit(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

say('building…');
runOrExit(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn']);

let useElectron = !browserOnly;
if (useElectron) {
  const native = spawnSync(process.execPath, [path.join(root, 'scripts', 'native-modules.mjs'), 'electron'], { cwd: root, stdio: 'inherit' });
  if (native.status === 3) {
    say('no Electron binary is installed here, so Firebreak opens in your browser through the browser host instead.');
    useElectron = false;
  } else if (native.status !== 0) {
    process.exit(native.status ?? 1);
  }
}

if (useElectron) {
  const child = spawn(require('electron'), [root, ...passThrough], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  runOrExit(process.execPath, [path.join(root, 'scripts', 'native-modules.mjs'), 'node']);
  const child = spawn(process.execPath, [path.join(root, 'bin', 'firebreak.js'), 'serve', ...passThrough], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(chunk.toString())?.[1];
    if (url) openInBrowser(url);
  });
  process.on('SIGINT', () => child.kill('SIGINT'));
  child.on('exit', (code) => process.exit(code ?? 0));
}

function openInBrowser(url) {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    say('no display here: open the URL above in a browser (through an SSH tunnel from another machine if needed).');
    return;
  }
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => say('could not open a browser: open the URL above yourself.'));
  child.unref();
}
