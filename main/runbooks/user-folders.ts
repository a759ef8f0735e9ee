import fs from 'node:fs';
import path from 'node:path';
import { Conflict, InvalidInput, NotFound } from '../../shared/model/domain-errors';
import { bundledRunbooksDir } from '../platform/app-root';
import type { SettingsStore } from '../settings/settings-store';
import type { RunbookFolder, RunbookLibrary } from './runbook-library';

/**
 * The folders a command line names (`--runbooks DIR`, repeatable), or the
 * app's own folder when it names none. A named folder is an added folder:
 * its runbooks are `user` origin, untrusted until reviewed (`firebreak trust
 * DIR`), like a folder added in the app; naming a folder is no review of its
 * commands. Only the app's own `runbooks/` is bundled, whatever path names it.
 */
export function commandLineFolders(dirs: string[], bundledDir: string = bundledRunbooksDir()): RunbookFolder[] {
  if (dirs.length === 0) return [{ dir: bundledDir, origin: 'bundled' }];
  const bundled = realpathOr(bundledDir);
  return dirs.map((dir) => {
    const resolved = path.resolve(dir);
    return { dir: resolved, origin: realpathOr(resolved) === bundled ? 'bundled' : 'user' };
  });
}

function realpathOr(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** The library's folders: the given ones (bundled, or --runbooks) then the user's, as remembered in settings. */
export function libraryFolders(base: RunbookFolder[], settings: SettingsStore): RunbookFolder[] {
  return [...base, ...settings.current().runbookFolders.map((dir) => ({ dir, origin: 'user' as const }))];
}

/**
 * Runbook folders the user adds and removes. They are remembered in the
 * settings file and their runbooks are `user` origin: each needs a trust
 * decision before it runs. A remembered folder that later disappears stays
 * in the list and is shown as a problem until the user removes it.
 */
export class UserRunbookFolders {
  constructor(
    private readonly settings: SettingsStore,
    private readonly library: RunbookLibrary,
    private readonly base: RunbookFolder[],
  ) {}

  /** Absolute paths of the folders the user added, in the order added. */
  list(): string[] {
    return [...this.settings.current().runbookFolders];
  }

  /** Adds a folder and re-scans. Refuses a relative path, a missing folder, a file, and duplicates, naming the path. */
  add(dir: string): void {
    if (!path.isAbsolute(dir)) throw new InvalidInput(`"${dir}" is not an absolute path; choose the folder again.`);
    const resolved = path.resolve(dir);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(resolved);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InvalidInput(`Cannot add ${resolved}: ${code === 'ENOENT' ? 'no such folder' : (error as Error).message}.`);
    }
    if (!stat.isDirectory()) throw new InvalidInput(`Cannot add ${resolved}: it is a file, not a folder.`);
    if (this.library.dirs.includes(resolved)) throw new Conflict(`${resolved} is already in the runbook library.`);
    this.settings.update((draft) => {
      draft.runbookFolders.push(resolved);
    });
    this.library.setFolders(libraryFolders(this.base, this.settings));
  }

  /** Forgets a folder the user added (its files are not touched) and re-scans. */
  remove(dir: string): void {
    const resolved = path.resolve(dir);
    if (!this.settings.current().runbookFolders.includes(resolved)) {
      const bundled = this.base.some((folder) => folder.dir === resolved);
      if (bundled) throw new InvalidInput(`${resolved} ships with Firebreak (or was given on the command line) and cannot be removed here.`);
      throw new NotFound(`${resolved} is not a folder you added.`);
    }
    this.settings.update((draft) => {
      draft.runbookFolders = draft.runbookFolders.filter((folder) => folder !== resolved);
    });
    this.library.setFolders(libraryFolders(this.base, this.settings));
  }
}
