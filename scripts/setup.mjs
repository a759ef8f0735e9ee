#!/usr/bin/env node
// Installs Firebreak's dependencies on a fresh clone, using nothing but Node
// (so `npm run launch` and `npm run verify` work before node_modules exists).
//
// - Skips `npm ci` when node_modules already matches package-lock.json.
// - If Electron's binary cannot be downloaded (offline mirrors, locked-down
//   networks), installs again without it and says so: the browser host and
//   every test but the Electron spec still work.
// - With --for-tests, makes sure Playwright has a Chromium: the system's
//   (/usr/bin/chromium or PLAYWRIGHT_CHROMIUM_EXECUTABLE) or its own download.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--for-tests');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function say(line) {
  process.stdout.write(`firebreak: ${line}\n`);
}

function run(command, args, env = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' }).status === 0;
}

function installed() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  return fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
}

/** The install failed for another reason than Electron: the likeliest one is the native-module toolchain. */
function fail() {
  say('npm ci failed. better-sqlite3 and node-pty compile from source where no prebuilt binary fits your platform:');
  say('  that needs python3, make and a C++ compiler (Debian/Ubuntu: apt-get install python3 make g++; macOS: xcode-select --install;');
  say('  Windows: the "Desktop development with C++" workload of Visual Studio Build Tools). The npm output above says which step failed.');
  process.exit(1);
}

if (installed()) {
  say('dependencies are installed.');
} else {
  say('installing dependencies (npm ci)…');
  const skipElectron = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1';
  if (!run(npm, ['ci', '--no-audit', '--no-fund'])) {
    if (skipElectron) fail();
    say('npm ci failed; if it was the Electron binary download, installing without it works: trying once more with ELECTRON_SKIP_BINARY_DOWNLOAD=1…');
    if (!run(npm, ['ci', '--no-audit', '--no-fund'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })) fail();
    say('installed without the Electron binary: the app will open in your browser through the browser host instead (npm run launch tries the download again).');
  }
}

if (forTests) {
  const system = [process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (candidate) => candidate && fs.existsSync(candidate),
  );
  if (system) {
    say(`end-to-end tests will use ${system}.`);
  } else {
    say('no system Chromium found; installing Playwright\'s own Chromium…');
    if (!run(npm, ['exec', '--', 'playwright', 'install', 'chromium'])) {
      say('could not install a Chromium for the end-to-end tests. Install one (Debian: apt-get install chromium) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE.');
      process.exit(1);
    }
  }
}
