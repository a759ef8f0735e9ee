import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PREFERENCE_BYTES, SETTINGS_FILE_NAME, SettingsStore } from './settings-store';

let dataDir: string;
let file: string;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-settings-'));
  file = path.join(dataDir, SETTINGS_FILE_NAME);
});

/**
 * Makes a folder refuse renames. chmod is enough for a normal user; root
 * ignores it, so as root the folder is made immutable (ext4/xfs) instead.
 * Returns the undo, or undefined when neither works here.
 */
function makeFolderReadOnly(dir: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    fs.chmodSync(dir, 0o555);
    return () => fs.chmodSync(dir, 0o755);
  }
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    return () => execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
}

let undoReadOnly: (() => void) | undefined;

afterEach(() => {
  undoReadOnly?.();
  undoReadOnly = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

const asideFiles = () => fs.readdirSync(dataDir).filter((name) => name.startsWith(`${SETTINGS_FILE_NAME}.corrupt-`));

describe('SettingsStore', () => {
  it('starts from defaults without writing anything, then persists changes across instances', () => {
    const store = new SettingsStore(dataDir);
    expect(store.current()).toEqual({ version: 1, runbookFolders: [], trust: {}, preferences: {} });
    expect(fs.existsSync(file)).toBe(false);
    store.update((draft) => draft.runbookFolders.push('/srv/runbooks'));
    store.setPreference('theme', 'dark');
    store.setPreference('lastProfile/database-outage', { profile: 'staging' });
    const again = new SettingsStore(dataDir);
    expect(again.current().runbookFolders).toEqual(['/srv/runbooks']);
    expect(again.getPreference('theme')).toBe('dark');
    expect(again.getPreference('lastProfile/database-outage')).toEqual({ profile: 'staging' });
    expect(again.warnings).toEqual([]);
    // No temporary files are left beside it.
    expect(fs.readdirSync(dataDir)).toEqual([SETTINGS_FILE_NAME]);
  });

  it('removes a preference with undefined and refuses an oversized one', () => {
    const store = new SettingsStore(dataDir);
    store.setPreference('theme', 'dark');
    store.setPreference('theme', undefined);
    expect(store.getPreference('theme')).toBeUndefined();
    expect(() => store.setPreference('blob', 'x'.repeat(MAX_PREFERENCE_BYTES))).toThrow(`preferences are limited to ${MAX_PREFERENCE_BYTES} bytes`);
  });

  it('moves a file that is not JSON aside with a warning naming both paths, and starts from defaults', () => {
    fs.writeFileSync(file, '{"version": 1, "runbookFolders": [');
    const store = new SettingsStore(dataDir);
    expect(store.current().runbookFolders).toEqual([]);
    const [aside] = asideFiles();
    expect(aside).toBeDefined();
    expect(fs.readFileSync(path.join(dataDir, aside!), 'utf8')).toBe('{"version": 1, "runbookFolders": [');
    expect(store.warnings).toHaveLength(1);
    expect(store.warnings[0]).toContain(`Settings file ${file} is not valid JSON`);
    expect(store.warnings[0]).toContain(`moved to ${path.join(dataDir, aside!)}`);
    // Saving works again and does not touch the moved file.
    store.setPreference('theme', 'light');
    expect(new SettingsStore(dataDir).getPreference('theme')).toBe('light');
    expect(asideFiles()).toEqual([aside]);
  });

  it('moves aside a JSON file of the wrong shape, saying which field is wrong', () => {
    fs.writeFileSync(file, JSON.stringify({ version: 1, runbookFolders: 'not-a-list', trust: {}, preferences: {} }));
    const store = new SettingsStore(dataDir);
    expect(store.warnings[0]).toContain('does not have the expected shape (runbookFolders:');
    expect(asideFiles()).toHaveLength(1);
  });

  it('keeps a broken file it cannot move aside, and refuses to overwrite it', (context) => {
    fs.writeFileSync(file, 'garbage');
    undoReadOnly = makeFolderReadOnly(dataDir);
    if (!undoReadOnly) context.skip('this file system cannot make a folder refuse renames for root');
    const store = new SettingsStore(dataDir);
    expect(store.warnings[0]).toContain('could not be moved aside');
    expect(() => store.setPreference('theme', 'dark')).toThrow(`Settings file ${file} is not valid JSON`);
    expect(fs.readFileSync(file, 'utf8')).toBe('garbage');
  });

  it('sees a change another process wrote, and does not lose it on its own next write', () => {
    const app = new SettingsStore(dataDir);
    app.setPreference('theme', 'dark');
    const cli = new SettingsStore(dataDir);
    cli.update((draft) => {
      draft.trust['/srv/runbooks/a.md'] = { contentHash: 'a'.repeat(64), grantedAt: '2025-01-01T00:00:00.000Z', grantedBy: 'ops' };
    });
    expect(app.current().trust['/srv/runbooks/a.md']?.grantedBy).toBe('ops');
    app.setPreference('density', 'compact');
    const final = new SettingsStore(dataDir).current();
    expect(Object.keys(final.trust)).toEqual(['/srv/runbooks/a.md']);
    expect(final.preferences).toEqual({ theme: 'dark', density: 'compact' });
  });

  it('names the file when the data folder cannot be written', () => {
    const blocked = path.join(dataDir, 'blocked');
    fs.writeFileSync(blocked, 'a file where a folder should be');
    const store = new SettingsStore(blocked);
    expect(() => store.setPreference('theme', 'dark')).toThrow(`Cannot save settings to ${path.join(blocked, SETTINGS_FILE_NAME)}`);
  });
});
