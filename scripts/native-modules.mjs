#!/usr/bin/env node
// Makes sure the native modules load in the runtime about to use them.
//
//   node scripts/native-modules.mjs node      # before tests, the CLI and the browser host
//   node scripts/native-modules.mjs electron  # before the desktop app
//
// node-pty is built on N-API, so one build serves Node and Electron alike.
// better-sqlite3 is not: its build targets one ABI. Rather than rebuilding
// it back and forth (a minute each way from source), the Node build stays in
// node_modules/better-sqlite3 and the Electron build is kept beside it in
// node_modules/.firebreak-native/electron-abi<N>/, which main loads through
// better-sqlite3's `nativeBinding` option. So `npm start` and `npm test` work
// in any order, and each rebuild happens at most once, saying so in one line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const target = process.argv[2];

function loads(command, args, env = {}) {
  const probe = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { ok: probe.status === 0, detail: (probe.stderr || probe.stdout || '').trim().split('\n').find((line) => /Error|error/.test(line)) ?? '' };
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.stderr.write(`firebreak: "${command} ${args.join(' ')}" failed (exit ${result.status}).\n`);
    process.exit(result.status ?? 1);
  }
}

const probeScript = (binding) =>
  `const D=require('better-sqlite3');new D(':memory:'${binding ? `,{nativeBinding:${JSON.stringify(binding)}}` : ''}).close();require('node-pty');`;

if (target === 'node') {
  const probe = loads(process.execPath, ['-e', probeScript()]);
  if (!probe.ok) {
    process.stdout.write(`firebreak: native modules do not load in Node ${process.version} (${probe.detail || 'load failed'}); rebuilding them for Node, about a minute…\n`);
    run('npm', ['rebuild', 'better-sqlite3', 'node-pty']);
  }
} else if (target === 'electron') {
  let electron;
  try {
    electron = require('electron');
  } catch (error) {
    process.stderr.write(`firebreak: no Electron binary is installed (${String(error.message).split('\n')[0]}).\n`);
    process.exit(3);
  }
  const version = require('electron/package.json').version;
  const abi = spawnSync(electron, ['-p', 'process.versions.modules'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' }).stdout.trim();
  if (!abi) {
    process.stderr.write(`firebreak: the Electron binary at ${electron} does not run.\n`);
    process.exit(3);
  }
  const cacheDir = path.join(root, 'node_modules', '.firebreak-native', `electron-abi${abi}`);
  const binding = path.join(cacheDir, 'better_sqlite3.node');
  const probe = fs.existsSync(binding) ? loads(electron, ['-e', probeScript(binding)], { ELECTRON_RUN_AS_NODE: '1' }) : { ok: false, detail: 'no Electron build yet' };
  if (!probe.ok) {
    process.stdout.write(`firebreak: building better-sqlite3 for Electron ${version} (ABI ${abi}) once, about a minute…\n`);
    // Build in a scratch copy so the Node build in node_modules stays as it is.
    const work = path.join(root, 'node_modules', '.firebreak-native', 'work');
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(path.join(work, 'node_modules'), { recursive: true });
    fs.cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), path.join(work, 'node_modules', 'better-sqlite3'), {
      recursive: true,
      filter: (source) => !source.includes(`${path.sep}build${path.sep}`),
    });
    fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'firebreak-native-work', version: '0.0.0', dependencies: { 'better-sqlite3': '*' } }));
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: work, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.copyFileSync(path.join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), binding);
    fs.rmSync(work, { recursive: true, force: true });
    const check = loads(electron, ['-e', probeScript(binding)], { ELECTRON_RUN_AS_NODE: '1' });
    if (!check.ok) {
      process.stderr.write(`firebreak: the Electron build of better-sqlite3 still does not load: ${check.detail}\n`);
      process.exit(1);
    }
  }
} else {
  process.stderr.write('usage: node scripts/native-modules.mjs node|electron\n');
  process.exit(2);
}
