/** What search reads of a runbook, lower-cased once when the runbook is loaded. */
export interface SearchIndexEntry {
  id: string;
  title: string;
  summary: string;
  tags: string[];
  services: string[];
  headings: string[];
  /** The source, split in lines, as written (for snippets). */
  lines: string[];
  /** The same lines lower-cased (for matching). */
  lowerLines: string[];
}

/** Where a query matched, strongest first in the UI. */
export type SearchField = 'title' | 'id' | 'tags' | 'services' | 'summary' | 'headings' | 'text';

/** One ranked search result. */
export interface SearchMatch {
  id: string;
  score: number;
  fields: SearchField[];
  /** The source line that best matches the query, trimmed around the match. */
  snippet?: { line: number; text: string };
}

/**
 * Field weights: a word in the title says far more about what a runbook is
 * for than the same word somewhere in a command. Tuned on the bundled
 * runbooks so "postgres" ranks the database runbook above those that only
 * mention it.
 */
const WEIGHTS = { titleWord: 12, title: 8, idWord: 6, id: 4, tagExact: 10, tag: 5, serviceExact: 10, service: 5, summary: 3, headings: 3 } as const;
/** Query terms beyond this are ignored; nobody types more, and it bounds the work per keystroke. */
export const MAX_QUERY_TERMS = 12;
/** Longest snippet, in characters. */
export const SNIPPET_CHARS = 160;

/** Builds the search entry for a runbook once, so each query only compares strings. */
export function indexForSearch(runbook: { id: string; title: string; summary: string; tags: string[]; services: string[]; headings: { text: string }[]; source: string }): SearchIndexEntry {
  const lines = runbook.source.split(/\r?\n/);
  return {
    id: runbook.id.toLowerCase(),
    title: runbook.title.toLowerCase(),
    summary: runbook.summary.toLowerCase(),
    tags: runbook.tags.map((tag) => tag.toLowerCase()),
    services: runbook.services.map((service) => service.toLowerCase()),
    headings: runbook.headings.map((heading) => heading.text.toLowerCase()),
    lines,
    lowerLines: lines.map((line) => line.toLowerCase()),
  };
}

/** Lower-cased, de-duplicated words of a query. */
export function queryTerms(query: string): string[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean).map((term) => term.slice(0, 100));
  return [...new Set(terms)].slice(0, MAX_QUERY_TERMS);
}

/**
 * Ranks runbooks against a query. Every term must match somewhere (title,
 * id, tags, services, summary, headings or the full text); the score adds
 * each term's strongest field plus a little for how often it occurs in the
 * text. Ties go alphabetically by id, so results do not jump between calls.
 */
export function searchRunbooks(entries: { id: string; entry: SearchIndexEntry }[], query: string, limit = 50): SearchMatch[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const matches: SearchMatch[] = [];
  for (const { id, entry } of entries) {
    const match = scoreEntry(entry, terms);
    if (match) matches.push({ id, ...match });
  }
  matches.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return matches.slice(0, Math.max(0, limit));
}

function scoreEntry(entry: SearchIndexEntry, terms: string[]): Omit<SearchMatch, 'id'> | null {
  const fields = new Set<SearchField>();
  let score = 0;
  for (const term of terms) {
    let best = 0;
    const consider = (field: SearchField, points: number) => {
      if (points <= 0) return;
      fields.add(field);
      best = Math.max(best, points);
    };
    if (entry.title.includes(term)) consider('title', hasWord(entry.title, term) ? WEIGHTS.titleWord : WEIGHTS.title);
    if (entry.id.includes(term)) consider('id', hasWord(entry.id, term) ? WEIGHTS.idWord : WEIGHTS.id);
    if (entry.tags.includes(term)) consider('tags', WEIGHTS.tagExact);
    else if (entry.tags.some((tag) => tag.includes(term))) consider('tags', WEIGHTS.tag);
    if (entry.services.includes(term)) consider('services', WEIGHTS.serviceExact);
    else if (entry.services.some((service) => service.includes(term))) consider('services', WEIGHTS.service);
    if (entry.summary.includes(term)) consider('summary', WEIGHTS.summary);
    if (entry.headings.some((heading) => heading.includes(term))) consider('headings', WEIGHTS.headings);
    const occurrences = countOccurrences(entry.lowerLines, term);
    if (occurrences > 0) {
      fields.add('text');
      // Diminishing returns: the tenth mention says little more than the second.
      score += Math.min(3, Math.log2(1 + occurrences));
    } else if (best === 0) {
      return null;
    }
    score += best;
  }
  const snippet = bestSnippet(entry, terms);
  return { score: Math.round(score * 100) / 100, fields: [...fields], ...(snippet ? { snippet } : {}) };
}

function hasWord(text: string, term: string): boolean {
  return text.split(/[^a-z0-9]+/).includes(term);
}

/** Occurrences of a term over all lines, stopping early: past 64 the score no longer changes. */
function countOccurrences(lines: string[], term: string): number {
  let count = 0;
  for (const line of lines) {
    for (let at = line.indexOf(term); at !== -1 && count < 64; at = line.indexOf(term, at + term.length)) count++;
    if (count >= 64) break;
  }
  return count;
}

/** The line holding the most distinct terms (the first such line), cut around its first match. */
function bestSnippet(entry: SearchIndexEntry, terms: string[]): SearchMatch['snippet'] {
  let bestLine = -1;
  let bestCount = 0;
  entry.lowerLines.forEach((line, index) => {
    if (!line.trim() || line.trim() === '---') return;
    let count = 0;
    for (const term of terms) if (line.includes(term)) count++;
    if (count > bestCount) {
      bestCount = count;
      bestLine = index;
    }
  });
  if (bestLine === -1) return undefined;
  const lower = entry.lowerLines[bestLine]!;
  const original = entry.lines[bestLine]!;
  const first = Math.min(...terms.map((term) => lower.indexOf(term)).filter((at) => at !== -1));
  const start = Math.max(0, Math.min(first - 40, original.length - SNIPPET_CHARS));
  const text = original.slice(start, start + SNIPPET_CHARS).trim();
  return { line: bestLine + 1, text: `${start > 0 ? '…' : ''}${text}${start + SNIPPET_CHARS < original.length ? '…' : ''}` };
}
