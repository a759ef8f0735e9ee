import fs from 'node:fs';
import path from 'node:path';
import { moveAside, readJsonFile, writeJsonFileAtomic } from './atomic-json-file';
import { defaultSettings, SettingsSchema, type JsonValue, type Settings } from './settings-schema';

/** The settings file's name inside the data folder. */
export const SETTINGS_FILE_NAME = 'settings.json';

/**
 * Largest serialized preference value. A preference is a theme name or a
 * profile choice; 64 KiB is far more than any needs and keeps a runaway UI
 * from growing the file without bound.
 */
export const MAX_PREFERENCE_BYTES = 64 * 1024;

/** Why a preference value is refused (too large), or undefined when it is fine. */
export function preferenceSizeProblem(key: string, value: JsonValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(value));
  return bytes > MAX_PREFERENCE_BYTES ? `Preference "${key}" is ${bytes} bytes as JSON; preferences are limited to ${MAX_PREFERENCE_BYTES} bytes.` : undefined;
}

/**
 * Durable settings in the data folder. Every change re-reads the file first
 * and writes it atomically, so the app and the CLI (`firebreak trust`) can
 * both change it without losing each other's writes. A file that cannot be
 * used is moved aside with a warning, never overwritten or deleted.
 */
export class SettingsStore {
  readonly file: string;
  /** Problems met while reading the file, for the start-up warnings. */
  readonly warnings: string[] = [];
  private settings: Settings = defaultSettings();
  private seen: { mtimeMs: number; size: number } | null = null;
  /** Set when the file is unusable and could not be moved aside: writing would destroy it. */
  private stuck: string | null = null;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, SETTINGS_FILE_NAME);
    this.load();
  }

  /** The current settings, re-read when another process changed the file. */
  current(): Settings {
    if (this.changedOnDisk()) this.load();
    return this.settings;
  }

  /**
   * Applies a change to the freshest settings and writes them. The mutator
   * gets a copy; the result is validated before anything is written.
   */
  update(mutate: (draft: Settings) => void): Settings {
    this.load();
    if (this.stuck) throw new Error(this.stuck);
    const draft = structuredClone(this.settings);
    mutate(draft);
    const next = SettingsSchema.parse(draft);
    try {
      writeJsonFileAtomic(this.file, next);
    } catch (error) {
      throw new Error(`Cannot save settings to ${this.file}: ${(error as Error).message}`, { cause: error });
    }
    this.settings = next;
    this.remember();
    return next;
  }

  /** A UI preference, or undefined when it was never set. */
  getPreference(key: string): JsonValue | undefined {
    return this.current().preferences[key];
  }

  /** Sets a UI preference; `null` is a value, `undefined` removes it. */
  setPreference(key: string, value: JsonValue | undefined): void {
    const problem = preferenceSizeProblem(key, value);
    if (problem) throw new Error(problem);
    this.update((draft) => {
      if (value === undefined) delete draft.preferences[key];
      else draft.preferences[key] = value;
    });
  }

  private load(): void {
    this.stuck = null;
    const read = readJsonFile(this.file);
    if (read.kind === 'missing') {
      this.settings = defaultSettings();
      this.seen = null;
      return;
    }
    if (read.kind === 'ok') {
      const parsed = SettingsSchema.safeParse(read.value);
      if (parsed.success) {
        this.settings = parsed.data;
        this.remember();
        return;
      }
      const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`);
      this.setAside(`does not have the expected shape (${issues.join('; ')})`);
      return;
    }
    this.setAside(read.reason);
  }

  private setAside(reason: string): void {
    this.settings = defaultSettings();
    try {
      const movedTo = moveAside(this.file);
      this.warn(
        `Settings file ${this.file} ${reason}; it was moved to ${movedTo}. Firebreak starts with default settings: added runbook folders and trust decisions must be set again.`,
      );
      this.seen = null;
    } catch (error) {
      this.stuck = `Settings file ${this.file} ${reason} and could not be moved aside (${(error as Error).message}); settings are not saved until it is fixed or removed.`;
      this.warn(this.stuck);
      // Remember the broken file's stat so it is not re-read (and re-reported) on every call.
      this.remember();
    }
  }

  private warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  private remember(): void {
    try {
      const stat = fs.statSync(this.file);
      this.seen = { mtimeMs: stat.mtimeMs, size: stat.size };
    } catch {
      this.seen = null;
    }
  }

  private changedOnDisk(): boolean {
    try {
      const stat = fs.statSync(this.file);
      return !this.seen || stat.mtimeMs !== this.seen.mtimeMs || stat.size !== this.seen.size;
    } catch {
      return this.seen !== null;
    }
  }
}
