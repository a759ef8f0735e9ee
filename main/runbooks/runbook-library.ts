import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { NotFound } from '../../shared/model/domain-errors';
import type { Runbook, RunbookOrigin, RunbookSummary } from '../../shared/model/runbook';
import { parseRunbook } from '../../shared/runbook/parse-runbook';
import { indexForSearch, searchRunbooks, type SearchIndexEntry, type SearchMatch } from '../../shared/runbook/search-runbooks';
import { FolderWatcher } from './folder-watcher';

/** A folder the library reads runbooks from. */
export interface RunbookFolder {
  dir: string;
  origin: RunbookOrigin;
}

/** How a library folder looked at the last scan; anything but `ok` is shown as a problem. */
export interface FolderStatus {
  path: string;
  origin: RunbookOrigin;
  state: 'ok' | 'empty' | 'missing' | 'unreadable' | 'truncated';
  /** A sentence naming the folder, for every state but `ok`. */
  message?: string;
  runbookCount: number;
}

/** Which runbook ids a reload added, removed or changed (content hash differs), and whether any folder's state changed. */
export interface LibraryChange {
  added: string[];
  removed: string[];
  changed: string[];
  foldersChanged: boolean;
}

export interface RunbookLibraryOptions {
  /** Re-scan on file changes (the app); off for one-shot CLI commands. */
  watch?: boolean;
  /** Quiet time after the last file event before re-scanning. */
  debounceMs?: number;
  /** Called after a re-scan caused by the file system or `setFolders` that changed something. */
  onChange?: (change: LibraryChange) => void;
}

/** Files larger than this are listed with an error instead of being parsed. */
export const MAX_RUNBOOK_BYTES = 5 * 1024 * 1024;
/**
 * Bounds on one folder's walk, so adding a home folder by mistake lists a
 * problem instead of reading (and watching) a whole disk. Far above any real
 * runbook repository.
 */
export const MAX_FILES_PER_FOLDER = 2000;
export const MAX_DIRS_PER_FOLDER = 2000;
/**
 * Default debounce, in ms. Editors save in bursts (temporary file, rename,
 * chmod, a second write for the backup); 150 ms gathers one burst while an
 * edit still appears without a noticeable wait.
 */
export const DEFAULT_DEBOUNCE_MS = 150;

/** Folders never searched for runbooks: dependencies and VCS data, not runbooks. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

interface LoadedFile {
  runbook: Runbook;
  search: SearchIndexEntry;
}

/**
 * The runbooks Firebreak knows: every `.md` file under the bundled folder and
 * under folders the user added, searched recursively. A runbook that fails
 * to read or parse is still listed, with its diagnostics; a missing folder
 * is a problem to report, never a crash. With `watch`, any edit, rename or
 * delete re-scans the folders and reports what changed. Ids are kept for a
 * file across reloads, and the library holds no run state at all, so a
 * reload cannot disturb a session.
 */
export class RunbookLibrary {
  private folderList: RunbookFolder[];
  private byId = new Map<string, LoadedFile>();
  private idByPath = new Map<string, string>();
  /** Parsed files by path and content hash, so a re-scan re-parses only what changed. */
  private cache = new Map<string, LoadedFile>();
  private statuses: FolderStatus[] = [];
  private readonly watcher: FolderWatcher | null;
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(folders: RunbookFolder[], private readonly options: RunbookLibraryOptions = {}) {
    this.folderList = dedupeFolders(folders);
    this.watcher = options.watch ? new FolderWatcher(() => this.scheduleReload()) : null;
    this.reload();
  }

  /** Every folder's path, in order (bundled first). */
  get dirs(): string[] {
    return this.folderList.map((folder) => folder.dir);
  }

  get folders(): RunbookFolder[] {
    return this.folderList.map((folder) => ({ ...folder }));
  }

  /** Replaces the folder list (after the user adds or removes one) and re-scans at once. */
  setFolders(folders: RunbookFolder[]): LibraryChange {
    this.folderList = dedupeFolders(folders);
    const change = this.reload();
    this.options.onChange?.(change);
    return change;
  }

  /** Re-reads every folder. Returns which runbook ids were added, removed or changed. */
  reload(): LibraryChange {
    const previous = this.byId;
    const previousStatuses = JSON.stringify(this.statuses);
    const loaded: LoadedFile[] = [];
    const statuses: FolderStatus[] = [];
    const walkedDirs = new Set<string>();
    const seenFiles = new Set<string>();
    const nextCache = new Map<string, LoadedFile>();
    for (const folder of this.folderList) {
      const scan = scanFolder(folder.dir);
      scan.dirs.forEach((dir) => walkedDirs.add(dir));
      let count = 0;
      for (const file of scan.files) {
        if (seenFiles.has(file)) continue;
        seenFiles.add(file);
        const entry = this.loadCached(file, folder.origin);
        nextCache.set(file, entry);
        loaded.push(entry);
        count++;
      }
      statuses.push(folderStatus(folder, scan, count));
    }
    this.cache = nextCache;
    this.byId = this.assignIds(loaded);
    this.statuses = statuses;
    this.watcher?.sync(walkedDirs, this.folderList.map((folder) => folder.dir));
    return { ...diff(previous, this.byId), foldersChanged: JSON.stringify(statuses) !== previousStatuses };
  }

  list(): { runbooks: RunbookSummary[]; problems: string[]; folders: FolderStatus[] } {
    return {
      runbooks: [...this.byId.values()].map((entry) => toSummary(entry.runbook)),
      problems: this.statuses.flatMap((status) => (status.message ? [status.message] : [])),
      folders: this.statuses.map((status) => ({ ...status })),
    };
  }

  /** Every loaded runbook, in library order. */
  all(): Runbook[] {
    return [...this.byId.values()].map((entry) => entry.runbook);
  }

  get(id: string): Runbook {
    const entry = this.byId.get(id);
    if (!entry) throw new NotFound(`No runbook with id "${id}" in the library.`);
    return entry.runbook;
  }

  /** The runbook loaded from this file, if the library has it. */
  findByPath(file: string): Runbook | undefined {
    const id = this.idByPath.get(path.resolve(file));
    return id === undefined ? undefined : this.byId.get(id)?.runbook;
  }

  /** Ranked matches for a query over title, id, tags, services, summary, headings and full text. */
  search(query: string, limit?: number): SearchMatch[] {
    return searchRunbooks([...this.byId.entries()].map(([id, entry]) => ({ id, entry: entry.search })), query, limit);
  }

  /** Stops watching. The library keeps answering from what it last read. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.watcher?.close();
  }

  private scheduleReload(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.disposed) return;
      const change = this.reload();
      if (change.added.length || change.removed.length || change.changed.length || change.foldersChanged) this.options.onChange?.(change);
    }, this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    // A pending re-scan must not keep a process alive on its own.
    this.timer.unref();
  }

  private loadCached(file: string, origin: RunbookOrigin): LoadedFile {
    const read = readRunbookBytes(file);
    const cached = this.cache.get(file);
    if (read.ok && cached && cached.runbook.origin === origin && cached.runbook.contentHash === read.hash) return cached;
    const runbook = read.ok ? runbookFrom(file, origin, read.buffer, read.hash) : brokenRunbook(file, origin, fallbackIdFor(file), read.message);
    return { runbook, search: indexForSearch(runbook) };
  }

  /**
   * Gives each file an id: its front-matter id or file name, with `-2`, `-3`
   * … for duplicates. A file keeps the id it had before when it still can,
   * so a new file with the same id never takes over an open runbook's id.
   */
  private assignIds(loaded: LoadedFile[]): Map<string, LoadedFile> {
    const taken = new Map<string, LoadedFile>();
    const idByPath = new Map<string, string>();
    const pending: LoadedFile[] = [];
    for (const entry of loaded) {
      const before = this.idByPath.get(entry.runbook.path);
      const base = baseIdOf(entry.runbook);
      if (before !== undefined && (before === base || before.startsWith(`${base}-`)) && !taken.has(before)) {
        taken.set(before, entry);
        idByPath.set(entry.runbook.path, before);
      } else {
        pending.push(entry);
      }
    }
    for (const entry of pending) {
      const base = baseIdOf(entry.runbook);
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      taken.set(id, entry);
      idByPath.set(entry.runbook.path, id);
    }
    // Keep library order (folder order, then path), not assignment order.
    const ordered = new Map<string, LoadedFile>();
    for (const entry of loaded) {
      const id = idByPath.get(entry.runbook.path)!;
      const runbook = entry.runbook.id === id ? entry.runbook : { ...entry.runbook, id };
      ordered.set(id, runbook === entry.runbook ? entry : { runbook, search: entry.search });
    }
    this.idByPath = idByPath;
    return ordered;
  }
}

/**
 * Reads and parses one runbook file; never throws. Oversized or unreadable
 * files come back as a runbook with one error diagnostic.
 */
export function loadRunbook(file: string, origin: RunbookOrigin): Runbook {
  const read = readRunbookBytes(file);
  return read.ok ? runbookFrom(file, origin, read.buffer, read.hash) : brokenRunbook(file, origin, fallbackIdFor(file), read.message);
}

/** SHA-256 of a runbook's bytes, hex: what trust and snapshots bind to. */
export function contentHashOf(buffer: Uint8Array): string {
  return createHash('sha256').update(buffer).digest('hex');
}

type ReadResult = { ok: true; buffer: Buffer; hash: string } | { ok: false; message: string };

function readRunbookBytes(file: string): ReadResult {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { ok: false, message: `${file} is not a file.` };
    if (stat.size > MAX_RUNBOOK_BYTES) return { ok: false, message: `File is ${stat.size} bytes; runbooks are limited to ${MAX_RUNBOOK_BYTES} bytes.` };
    const buffer = fs.readFileSync(file);
    return { ok: true, buffer, hash: contentHashOf(buffer) };
  } catch (error) {
    return { ok: false, message: `Cannot read file: ${(error as Error).message}` };
  }
}

function fallbackIdFor(file: string): string {
  return path.basename(file, path.extname(file));
}

function baseIdOf(runbook: Runbook): string {
  const fromFrontMatter = runbook.frontMatter.id;
  return typeof fromFrontMatter === 'string' && fromFrontMatter ? fromFrontMatter : fallbackIdFor(runbook.path);
}

function runbookFrom(file: string, origin: RunbookOrigin, buffer: Buffer, contentHash: string): Runbook {
  const source = buffer.toString('utf8');
  const parsed = parseRunbook(source, file);
  const frontMatter = parsed.frontMatter;
  const stringList = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  return {
    id: typeof frontMatter.id === 'string' && frontMatter.id ? frontMatter.id : fallbackIdFor(file),
    title: parsed.title,
    summary: parsed.summary,
    path: file,
    origin,
    ...(typeof frontMatter.severity === 'string' ? { severity: frontMatter.severity } : {}),
    tags: stringList(frontMatter.tags),
    services: stringList(frontMatter.services),
    stepCount: parsed.steps.length,
    errorCount: parsed.diagnostics.filter((d) => d.severity === 'error').length,
    warningCount: parsed.diagnostics.filter((d) => d.severity === 'warning').length,
    source,
    contentHash,
    frontMatter,
    bodyStartLine: parsed.bodyStartLine,
    steps: parsed.steps,
    checklist: parsed.checklist,
    params: parsed.params,
    profiles: parsed.profiles,
    headings: parsed.headings,
    diagnostics: parsed.diagnostics,
  };
}

function brokenRunbook(file: string, origin: RunbookOrigin, id: string, message: string): Runbook {
  return {
    id,
    title: path.basename(file),
    summary: '',
    path: file,
    origin,
    tags: [],
    services: [],
    stepCount: 0,
    errorCount: 1,
    warningCount: 0,
    source: '',
    contentHash: '',
    frontMatter: {},
    bodyStartLine: 1,
    steps: [],
    checklist: [],
    params: [],
    profiles: [],
    headings: [],
    diagnostics: [{ file, line: 1, column: 1, severity: 'error', rule: 'unreadable', message }],
  };
}

/** A runbook without its body, for lists. */
export function toSummary(runbook: Runbook): RunbookSummary {
  const { id, title, summary, path: file, origin, severity, tags, services, stepCount, errorCount, warningCount } = runbook;
  return { id, title, summary, path: file, origin, ...(severity !== undefined ? { severity } : {}), tags, services, stepCount, errorCount, warningCount };
}

interface FolderScan {
  state: 'ok' | 'missing' | 'unreadable' | 'truncated';
  message?: string;
  files: string[];
  dirs: string[];
}

/** Walks a folder for `.md` files, skipping node_modules and .git, following links without looping. */
function scanFolder(root: string): FolderScan {
  const files: string[] = [];
  const dirs: string[] = [];
  const visited = new Set<string>();
  let truncated = false;
  try {
    if (!fs.statSync(root).isDirectory()) return { state: 'unreadable', message: `${root} is not a folder.`, files, dirs };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? { state: 'missing', message: `Runbook folder ${root} does not exist (moved, deleted or not mounted?).`, files, dirs }
      : { state: 'unreadable', message: `Runbook folder ${root} cannot be read: ${code ?? (error as Error).message}.`, files, dirs };
  }
  const walk = (dir: string): string | undefined => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return undefined;
    }
    if (visited.has(real)) return undefined;
    if (dirs.length >= MAX_DIRS_PER_FOLDER) {
      truncated = true;
      return undefined;
    }
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      return `${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    }
    dirs.push(dir);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = fs.statSync(full);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch {
          // A dangling link is not a runbook.
          continue;
        }
      }
      if (isDir && !SKIPPED_FOLDERS.has(entry.name)) walk(full);
      else if (isFile && entry.name.toLowerCase().endsWith('.md')) {
        if (files.length >= MAX_FILES_PER_FOLDER) truncated = true;
        else files.push(full);
      }
    }
    return undefined;
  };
  const rootError = walk(root);
  if (rootError) return { state: 'unreadable', message: `Runbook folder ${root} cannot be read: ${rootError}.`, files, dirs };
  if (truncated) {
    return {
      state: 'truncated',
      message: `Runbook folder ${root} holds more than ${MAX_FILES_PER_FOLDER} runbooks or ${MAX_DIRS_PER_FOLDER} folders; only the first are listed. Add a narrower folder.`,
      files,
      dirs,
    };
  }
  return { state: 'ok', files, dirs };
}

function folderStatus(folder: RunbookFolder, scan: FolderScan, count: number): FolderStatus {
  if (scan.state === 'ok' && count === 0) {
    return { path: folder.dir, origin: folder.origin, state: 'empty', message: `Runbook folder ${folder.dir} has no .md runbooks.`, runbookCount: 0 };
  }
  return { path: folder.dir, origin: folder.origin, state: scan.state, ...(scan.message ? { message: scan.message } : {}), runbookCount: count };
}

function dedupeFolders(folders: RunbookFolder[]): RunbookFolder[] {
  const seen = new Set<string>();
  const result: RunbookFolder[] = [];
  for (const folder of folders) {
    const dir = path.resolve(folder.dir);
    if (seen.has(dir)) continue;
    seen.add(dir);
    result.push({ dir, origin: folder.origin });
  }
  return result;
}

function diff(before: Map<string, LoadedFile>, after: Map<string, LoadedFile>): Omit<LibraryChange, 'foldersChanged'> {
  const change: Omit<LibraryChange, 'foldersChanged'> = { added: [], removed: [], changed: [] };
  for (const [id, entry] of after) {
    const old = before.get(id);
    if (!old) change.added.push(id);
    else if (old.runbook.contentHash !== entry.runbook.contentHash || old.runbook.path !== entry.runbook.path || old.runbook.origin !== entry.runbook.origin || old.runbook.errorCount !== entry.runbook.errorCount) change.changed.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) change.removed.push(id);
  return change;
}
