import { SECRET_RULES, type SecretRuleName } from './secret-rules';

/** What the caller knows about secrets in the text it hands to redaction. */
export interface RedactionOptions {
  /**
   * Values of secret params (and anything else the caller knows is secret).
   * Each is masked wherever it appears, also in URL-encoded form. Values
   * shorter than {@link MIN_SECRET_VALUE_LENGTH} are ignored.
   */
  secretValues?: readonly string[];
  /** Run the pattern detectors; default true. False masks only `secretValues`. */
  detectPatterns?: boolean;
}

/**
 * Shortest secret value that is masked literally. A one- or two-character
 * "secret" would mask every occurrence of that letter in the output and make
 * the record unreadable, while hiding almost nothing.
 */
export const MIN_SECRET_VALUE_LENGTH = 4;

/** One masked range of the text, half-open `[start, end)` in UTF-16 code units. */
export interface SecretFinding {
  start: number;
  end: number;
  /** The detector that found it; it labels the mask. */
  rule: SecretRuleName;
}

/**
 * A finding plus where its evidence begins (`password=` before the value,
 * `https://user:` before a URL password). The streaming redactor never cuts a
 * chunk inside `[matchStart, end)` so a secret's context stays with it.
 */
export interface SecretMatch extends SecretFinding {
  matchStart: number;
}

function secretValueVariants(values: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_SECRET_VALUE_LENGTH) continue;
    variants.add(value);
    let encoded: string;
    try {
      encoded = encodeURIComponent(value);
    } catch {
      continue; // lone surrogate: no encoded form to look for
    }
    variants.add(encoded);
  }
  // Longest first, so a value that contains another one is masked whole.
  return [...variants].sort((a, b) => b.length - a.length);
}

function findSecretValues(text: string, values: readonly string[], into: SecretMatch[]): void {
  for (const value of secretValueVariants(values)) {
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) {
      into.push({ start: at, end: at + value.length, matchStart: at, rule: 'secret-param' });
    }
  }
}

/** The rules' patterns with the `d` flag, so the masked group's exact position is known. */
const INDEXED_RULES = SECRET_RULES.map((rule) => ({
  ...rule,
  pattern: new RegExp(rule.pattern.source, rule.pattern.flags.includes('d') ? rule.pattern.flags : `${rule.pattern.flags}d`),
}));

function findPatterns(text: string, into: SecretMatch[]): void {
  for (const rule of INDEXED_RULES) {
    for (const match of text.matchAll(rule.pattern)) {
      if (match[0].length === 0) continue;
      const group = match.indices?.groups?.secret;
      const [start, end] = group ?? [match.index, match.index + match[0].length];
      if (rule.accept && !rule.accept(text.slice(start, end))) continue;
      into.push({ start, end, matchStart: match.index, rule: rule.name });
    }
  }
}

/** Overlapping or touching ranges become one; the earliest-starting (then longest) names the mask. */
function mergeMatches(matches: SecretMatch[]): SecretMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretMatch[] = [];
  for (const next of matches) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) {
      last.end = Math.max(last.end, next.end);
      last.matchStart = Math.min(last.matchStart, next.matchStart);
    } else {
      merged.push({ ...next });
    }
  }
  return merged;
}

/**
 * Every secret in `text`, with the evidence range of each. Ranges are sorted
 * and disjoint.
 */
export function findSecretMatches(text: string, options: RedactionOptions = {}): SecretMatch[] {
  const matches: SecretMatch[] = [];
  findSecretValues(text, options.secretValues ?? [], matches);
  if (options.detectPatterns !== false) findPatterns(text, matches);
  return mergeMatches(matches);
}

/**
 * The ranges of `text` that redaction would mask, sorted and disjoint, each
 * with the rule that found it — what the export dialog previews.
 */
export function findSecrets(text: string, options: RedactionOptions = {}): SecretFinding[] {
  return findSecretMatches(text, options).map(({ start, end, rule }) => ({ start, end, rule }));
}
