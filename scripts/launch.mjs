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
runOrExit(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'error']);

let useElectron = !browserOnly;
if (useElectron && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  say('no display here, so Firebreak is served to a browser instead (open the URL below, through an SSH tunnel if needed).');
  useElectron = false;
}
if (useElectron) {
  let native = spawnSync(process.execPath, [path.join(root, 'scripts', 'native-modules.mjs'), 'electron'], { cwd: root, stdio: 'inherit' });
  if (native.status === 3 && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
    // Installed while offline once: try Electron's own download again before giving up on it.
    say('trying to download the Electron binary once more…');
    const install = spawnSync(process.execPath, [require.resolve('electron/install.js')], { cwd: root, stdio: 'inherit', timeout: 180_000 });
    if (install.status === 0) native = spawnSync(process.execPath, [path.join(root, 'scripts', 'native-modules.mjs'), 'electron'], { cwd: root, stdio: 'inherit' });
  }
  if (native.status === 3) {
    say('no Electron binary is installed here, so Firebreak opens in your browser through the browser host instead.');
    useElectron = false;
  } else if (native.status !== 0) {
    process.exit(native.status ?? 1);
  }
}

/** An Electron that dies this soon never opened a usable window (sandbox, GPU or display problems). */
const ELECTRON_EARLY_EXIT_MS = 15_000;

if (useElectron) {
  const started = Date.now();
  const child = spawn(require('electron'), [root, ...passThrough], { cwd: root, stdio: 'inherit' });
  forwardSignalsTo(child);
  child.on('exit', (code, signal) => {
    if (code !== 0 && !signal && Date.now() - started < ELECTRON_EARLY_EXIT_MS) {
      say(`Electron exited at start-up (code ${code}); serving Firebreak to your browser instead.`);
      serveToBrowser();
      return;
    }
    process.exit(code ?? 0);
  });
} else {
  serveToBrowser();
}

function serveToBrowser() {
  runOrExit(process.execPath, [path.join(root, 'scripts', 'native-modules.mjs'), 'node']);
  const child = spawn(process.execPath, [path.join(root, 'bin', 'firebreak.js'), 'serve', ...passThrough], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(chunk.toString())?.[1];
    if (url) openInBrowser(url);
  });
  forwardSignalsTo(child);
  child.on('exit', (code) => process.exit(code ?? 0));
}

/**
 * Ctrl-C and a closing terminal already signal the whole foreground group,
 * child included: forwarding them would hit the child twice, in the middle
 * of its shutdown. So this process only ignores them (and waits for the
 * child's exit); SIGTERM, sent to this process alone, is passed on.
 */
function forwardSignalsTo(child) {
  process.on('SIGINT', () => {});
  process.on('SIGHUP', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
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
