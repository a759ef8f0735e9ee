/** Characters allowed in an explicit step id (docs/runbook-format.md, "Step ids"). */
export const STEP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Longest explicit id accepted; longer ones are surely not meant as ids. */
export const MAX_STEP_ID_LENGTH = 128;

/** Longest heading slug used in a generated id, so ids stay readable. */
const MAX_SLUG_LENGTH = 40;

/**
 * Slug of a heading or checklist text: lower case, runs of anything but
 * a–z and 0–9 turned into `-`, at most 40 characters; `fallback` when
 * nothing is left.
 */
export function slugify(text: string, fallback: string): string {
  // One pass over the lower-cased text, copying runs of a–z0–9 and one "-" between runs (no leading or
  // trailing "-"), stopping once past the length limit: checklist items and headings of a big runbook all pass here.
  const lower = text.toLowerCase();
  let slug = '';
  let runStart = -1;
  for (let i = 0; i <= lower.length && slug.length <= MAX_SLUG_LENGTH; i++) {
    const char = i < lower.length ? lower.charCodeAt(i) : -1;
    const kept = (char >= 97 && char <= 122) || (char >= 48 && char <= 57);
    if (kept && runStart < 0) runStart = i;
    else if (!kept && runStart >= 0) {
      slug += (slug ? '-' : '') + lower.slice(runStart, i);
      runStart = -1;
    }
  }
  if (slug.length > MAX_SLUG_LENGTH) slug = slug.slice(0, MAX_SLUG_LENGTH).replace(/-+$/, '');
  return slug || fallback;
}

/**
 * FNV-1a (32-bit) of the code with trailing whitespace on each line and
 * trailing blank lines ignored, as 8 hex digits. Whitespace at line ends is
 * invisible in review, so it must not change an id.
 */
export function codeHash(code: string): string {
  const normalized = code.replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
  let hash = 0x811c9dc5;
  for (let i = 0; i < normalized.length; i++) {
    hash ^= normalized.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The id of a step without `id`/`name`: `<heading-slug>-<6 hex of code hash>`. */
export function generatedStepId(nearestHeading: string | undefined, code: string): string {
  return `${slugify(nearestHeading ?? '', 'step')}-${codeHash(code).slice(0, 6)}`;
}

/**
 * Makes ids unique in document order: the second equal candidate gets `-2`,
 * the third `-3`. Remembers the next suffix per candidate so a runbook with
 * thousands of identical steps stays linear.
 */
export class UniqueIds {
  private readonly taken: Set<string>;
  private readonly nextSuffix = new Map<string, number>();

  /** `taken`: ids already in use (explicit ones) that generated ids must avoid. */
  constructor(taken: Iterable<string> = []) {
    this.taken = new Set(taken);
  }

  /** The candidate itself if free, else the candidate with the next free suffix. */
  claim(candidate: string): string {
    if (!this.taken.has(candidate)) {
      // Free on the first try (the usual case): the next suffix stays 2, which a missing entry means too.
      this.taken.add(candidate);
      return candidate;
    }
    let id = candidate;
    let n = this.nextSuffix.get(candidate) ?? 2;
    while (this.taken.has(id)) id = `${candidate}-${n++}`;
    this.nextSuffix.set(candidate, n);
    this.taken.add(id);
    return id;
  }
}
