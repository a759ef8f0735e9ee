import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  asarUnpack: string[];
  icon: string;
  directories: { buildResources: string };
  extraResources: { from: string; to?: string; filter?: string[] }[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
}
interface Manifest {
  main: string;
  bin: { firebreak: string };
  scripts: Record<string, string>;
}
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

describe('electron-builder.yml', () => {
  it('names the app and targets every platform', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('Firebreak');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toContain('dmg');
    expect(config.win.target).toContain('nsis');
  });

  it('keeps native modules out of the asar archive', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/node_modules/node-pty/**']));
  });

  it('flips the release fuses, and the e2e build only re-enables the inspector', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    expect(manifest.scripts['dist:e2e']).toContain('-c.electronFuses.enableNodeCliInspectArguments=true');
    expect(manifest.scripts['dist:e2e']).not.toMatch(/runAsNode|NodeOptions/);
  });

  it('references only files that exist', () => {
    expect(fs.existsSync(path.join(root, config.icon))).toBe(true);
    for (const resource of config.extraResources) expect(fs.existsSync(path.join(root, resource.from))).toBe(true);
    expect(fs.existsSync(path.join(root, config.directories.buildResources))).toBe(true);
    expect(manifest.main).toBe('out/main/main.js');
    expect(fs.existsSync(path.join(root, 'electron.vite.config.ts'))).toBe(true);
    expect(fs.existsSync(path.join(root, manifest.bin.firebreak))).toBe(true);
  });

  it('ships the drill lab scripts, with the helpers every lab copies (main/drills/lab-dir.ts), outside the asar archive', () => {
    const labs = config.extraResources.find((resource) => resource.to === 'drill-labs');
    expect(labs).toMatchObject({ from: 'main/drills/labs', filter: ['**/*.cjs'] });
    // The desktop app forks the lab scripts with utilityProcess (no system node, the runAsNode fuse off): the
    // crash lab's supervisor needs lab-node-child.cjs to have its servers forked the same way.
    for (const helper of ['scripts/lab-watchdog.cjs', 'scripts/lab-node-child.cjs']) expect(fs.existsSync(path.join(root, labs!.from, helper)), helper).toBe(true);
  });
});
