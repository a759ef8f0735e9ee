import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appRoot } from '../platform/app-root';

/**
 * The folder holding the lab process scripts: main/drills/labs in a source
 * checkout (dev, tests, CLI), or resources/drill-labs in a packaged app
 * (electron-builder extraResources).
 */
export function defaultLabScriptsDir(): string {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) {
    const packaged = path.join(resourcesPath, 'drill-labs');
    if (fs.existsSync(packaged)) return packaged;
  }
  return path.join(appRoot(), 'main', 'drills', 'labs');
}

/** Creates a fresh, private temporary directory for one lab run. */
export function createLabDir(scenario: string): string {
  // Short prefix: the flood lab puts a Unix socket in it, and socket paths are limited to about 100 bytes.
  return fs.mkdtempSync(path.join(os.tmpdir(), `fb-${scenario.slice(0, 8)}-`));
}

/**
 * Copies lab scripts into <lab>/.lab/ so the running lab does not depend on
 * Firebreak's install (which may be updated or inside an asar archive).
 * Returns the absolute path of each copy by file name.
 */
export function copyLabScripts(scriptsDir: string, labDir: string, relativePaths: readonly string[]): Record<string, string> {
  const target = path.join(labDir, '.lab');
  fs.mkdirSync(target, { recursive: true });
  const copies: Record<string, string> = {};
  for (const relative of ['scripts/lab-watchdog.cjs', 'scripts/lab-node-child.cjs', ...relativePaths]) {
    const name = path.basename(relative);
    const destination = path.join(target, name);
    fs.copyFileSync(path.join(scriptsDir, relative), destination);
    copies[name] = destination;
  }
  return copies;
}

/**
 * Removes a lab directory, including the parts a drill made read-only on
 * purpose (the security runbook write-protects its evidence).
 */
export function removeLabDir(dir: string): void {
  makeWritable(dir);
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

function makeWritable(dir: string): void {
  let entries: fs.Dirent[];
  try {
    fs.chmodSync(dir, 0o700);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) makeWritable(path.join(dir, entry.name));
  }
}
