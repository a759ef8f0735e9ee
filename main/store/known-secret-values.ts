import { MIN_SECRET_VALUE_LENGTH } from '../../shared/redaction/find-secrets';

/**
 * Every secret param value this process has handed to a shell, kept in
 * memory only (never written anywhere) for the life of the process. Stored
 * terminal output is masked against it whatever the write-time redaction
 * setting, and every export and redaction preview merges it into the
 * values the caller passed. An export made by a later process (after a
 * restart, or `firebreak export`) does not know these values: pass them with
 * --secret.
 */
export class KnownSecretValues {
  private readonly known = new Set<string>();
  private snapshot: readonly string[] = [];

  /** Remembers the values; ones too short to mask literally (shared/redaction) are ignored. */
  add(values: Iterable<string>): void {
    let grew = false;
    for (const value of values) {
      if (value.length < MIN_SECRET_VALUE_LENGTH || this.known.has(value)) continue;
      this.known.add(value);
      grew = true;
    }
    if (grew) this.snapshot = [...this.known];
  }

  /** The values known so far (a stable array until the next add, so a per-chunk read costs nothing). */
  values(): readonly string[] {
    return this.snapshot;
  }

  /** `text` with every known value replaced by `mask` (longest first, so a value inside another is not left half-shown). */
  mask(text: string, mask: string): string {
    if (this.snapshot.length === 0) return text;
    let masked = text;
    for (const value of [...this.snapshot].sort((a, b) => b.length - a.length)) masked = masked.split(value).join(mask);
    return masked;
  }

  /** `extra` plus every known value, without duplicates. */
  mergedWith(extra: readonly string[]): string[] {
    return [...new Set([...extra, ...this.snapshot])];
  }

  get size(): number {
    return this.known.size;
  }
}

/** The one set of this process: the app's services and the headless `firebreak run` share it. */
export const processSecretValues = new KnownSecretValues();
