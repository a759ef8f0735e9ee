import fs from 'node:fs';

/**
 * How often a missing folder is checked for coming back, in ms. fs.watch
 * cannot watch a path that does not exist, so a stat poll covers it; a
 * second is quick enough for a folder someone re-mounts or re-clones.
 */
export const MISSING_FOLDER_POLL_MS = 1000;

/**
 * Watches a set of folders, each without recursion (the library passes every
 * folder it walked, so a tree is covered folder by folder, on every platform).
 * Watching folders rather than files is what makes editors that save by
 * writing a temporary file and renaming it over the original work: the
 * rename is an event in the folder even though the file's inode changed.
 * Every event, and every watcher error, becomes one call to `onEvent`; the
 * caller debounces and re-scans.
 */
export class FolderWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private readonly polled = new Set<string>();
  private closed = false;

  constructor(private readonly onEvent: (dir: string) => void) {}

  /**
   * Watches exactly these folders, closing watchers no longer needed, and
   * polls `polled` (the library's root folders) for existence. The poll is
   * what notices a root folder that is deleted or comes back: inotify drops
   * a watch on a deleted folder silently, and cannot watch a missing path.
   */
  sync(dirs: Iterable<string>, polled: Iterable<string>): void {
    if (this.closed) return;
    const wanted = new Set(dirs);
    for (const [dir, watcher] of this.watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of wanted) if (!this.watchers.has(dir)) this.watch(dir);
    const wantedMissing = new Set(polled);
    for (const dir of this.polled) {
      if (!wantedMissing.has(dir)) {
        fs.unwatchFile(dir);
        this.polled.delete(dir);
      }
    }
    for (const dir of wantedMissing) {
      if (this.polled.has(dir)) continue;
      this.polled.add(dir);
      fs.watchFile(dir, { interval: MISSING_FOLDER_POLL_MS, persistent: false }, () => this.onEvent(dir));
    }
  }

  /** Folders watched right now (for tests and diagnostics). */
  get watched(): string[] {
    return [...this.watchers.keys()];
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    for (const dir of this.polled) fs.unwatchFile(dir);
    this.polled.clear();
  }

  private watch(dir: string): void {
    let watcher: fs.FSWatcher;
    try {
      // Not persistent: the watchers must never keep a CLI process alive.
      watcher = fs.watch(dir, { persistent: false }, () => this.onEvent(dir));
    } catch {
      // The folder vanished between the scan and now; the re-scan reports it.
      this.onEvent(dir);
      return;
    }
    watcher.on('error', () => {
      // A watched folder that is deleted errors on some platforms; drop the
      // watcher and let the re-scan decide what to watch.
      watcher.close();
      if (this.watchers.get(dir) === watcher) this.watchers.delete(dir);
      this.onEvent(dir);
    });
    this.watchers.set(dir, watcher);
    // A file created between the scan that found this folder and this watch
    // starting produced no event: one more scan closes that gap.
    this.onEvent(dir);
  }
}
