import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { didYouMean } from './did-you-mean';
import type { DiagnosticCollector } from './diagnostic-collector';
import { parseDuration } from './duration';

/**
 * Most alias expansions front matter may use. Real runbooks use none; the
 * limit stops "billion laughs" documents (yaml's own default is 100).
 */
export const MAX_YAML_ALIASES = 100;

/** Front-matter keys Firebreak reads (docs/runbook-format.md, "Front matter"). */
export const FRONT_MATTER_KEYS = [
  'id',
  'title',
  'summary',
  'severity',
  'services',
  'tags',
  'owner',
  'last_reviewed',
  'rto',
  'rpo',
  'params',
  'profiles',
  'drill',
] as const;

/** Runme's front-matter keys, accepted without a warning. */
const RUNME_FRONT_MATTER_KEYS = ['runme', 'shell', 'cwd', 'skipPrompts', 'terminalRows', 'category'];

const KNOWN_KEYS = new Set<string>([...FRONT_MATTER_KEYS, ...RUNME_FRONT_MATTER_KEYS]);

/** Finds the 1-based line and column of a value in the front matter by its path. */
export type FrontMatterLocator = (path: readonly (string | number)[]) => { line: number; column: number };

/** Front matter split from the body, parsed, with a way to point at its values. */
export interface FrontMatter {
  data: Record<string, unknown>;
  /** The Markdown after the front matter. */
  body: string;
  /** 1-based line where the body starts in the source. */
  bodyStartLine: number;
  locate: FrontMatterLocator;
}

/**
 * Splits YAML front matter (`---` on the first line to the next `---` or
 * `...` line) from the body and parses it with aliases limited. `source`
 * must have `\n` line ends. Problems become diagnostics; never throws.
 */
export function readFrontMatter(source: string, diagnostics: DiagnosticCollector): FrontMatter {
  const noFrontMatter: FrontMatter = { data: {}, body: source, bodyStartLine: 1, locate: () => ({ line: 1, column: 1 }) };
  if (!/^---[ \t]*(\n|$)/.test(source)) return noFrontMatter;
  const close = /\n(---|\.\.\.)[ \t]*(\n|$)/.exec(source);
  if (!close) {
    diagnostics.error(
      'front-matter-syntax',
      1,
      1,
      'The front matter opened with "---" on line 1 is never closed; add a "---" line after it. The whole file is read as Markdown.',
    );
    return noFrontMatter;
  }
  const yamlText = source.slice(4, close.index + 1);
  const bodyOffset = close.index + close[0].length;
  const bodyStartLine = countLines(source, bodyOffset);
  const firstYamlLine = 2;
  const lineCounter = new LineCounter();
  // The YAML ends on the line before the closing ---; an error "at the end"
  // belongs on the last YAML line, not on the delimiter.
  const lastYamlLine = Math.max(firstYamlLine, bodyStartLine - 2);
  const locate = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    const line = pos.line + firstYamlLine - 1;
    return line > lastYamlLine ? { line: lastYamlLine, column: 1 } : { line, column: pos.col };
  };
  let document: Document | undefined;
  let data: Record<string, unknown> = {};
  try {
    document = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const firstError = document.errors[0];
    if (firstError) {
      const at = locate(firstError.pos[0]);
      diagnostics.error('front-matter-syntax', at.line, at.column, `The front matter is not valid YAML: ${firstSentence(firstError.message)}`);
    } else {
      const value: unknown = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
      if (value === null || value === undefined) data = {};
      else if (typeof value === 'object' && !Array.isArray(value)) data = value as Record<string, unknown>;
      else diagnostics.error('front-matter-syntax', firstYamlLine, 1, 'The front matter must be a set of "key: value" lines, not a single value or a list.');
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const tooManyAliases = /alias/i.test(message);
    diagnostics.error(
      'front-matter-syntax',
      firstYamlLine,
      1,
      tooManyAliases
        ? `The front matter uses YAML aliases too many times (more than ${MAX_YAML_ALIASES}); it was refused to protect memory. Write the values out instead.`
        : `The front matter could not be read: ${firstSentence(message)}`,
    );
    data = {};
  }
  const doc = document;
  return {
    data,
    body: source.slice(bodyOffset),
    bodyStartLine,
    locate: (path) => {
      const offset = doc ? offsetOf(doc, path) : undefined;
      return offset === undefined ? { line: firstYamlLine, column: 1 } : locate(offset);
    },
  };
}

/** Checks the known front-matter keys hold the documented kinds of value. */
export function checkFrontMatterFields(frontMatter: FrontMatter, diagnostics: DiagnosticCollector): void {
  const { data, locate } = frontMatter;
  const problem = (key: string, message: string) => {
    const at = locate([key]);
    diagnostics.error('front-matter-field', at.line, at.column, message);
  };
  for (const [key, value] of Object.entries(data)) {
    if (!KNOWN_KEYS.has(key)) {
      const at = locate([key]);
      diagnostics.warning('front-matter-unknown-key', at.line, at.column, `Unknown front-matter key "${key}"; Firebreak ignores it.${didYouMean(key, KNOWN_KEYS)}`);
      continue;
    }
    switch (key) {
      case 'id':
        if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(value)) {
          problem(key, 'id must be lower-case letters, digits, ".", "_" and "-", e.g. postgres-primary-down.');
        }
        break;
      case 'title':
      case 'summary':
      case 'owner':
        if (typeof value !== 'string') problem(key, `${key} must be text.`);
        break;
      case 'severity':
        if (typeof value !== 'string' || !/^sev[1-4]$/.test(value)) problem(key, 'severity must be one of sev1, sev2, sev3, sev4 (sev1 is the worst).');
        break;
      case 'services':
      case 'tags':
        if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) problem(key, `${key} must be a list of text, e.g. [postgres, api].`);
        break;
      case 'last_reviewed':
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
          problem(key, 'last_reviewed must be a date written YYYY-MM-DD.');
        }
        break;
      case 'rto':
      case 'rpo':
        if (parseDuration(value) === undefined) problem(key, `${key} must be a duration such as 30m, 4h or 0s.`);
        break;
    }
  }
}

/**
 * Source offset of the deepest node on a path: the key of a mapping entry
 * (so a diagnostic points at the name, even when its value is empty), or
 * the item of a list.
 */
function offsetOf(doc: Document, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const key: unknown = item.key;
        return key !== null && typeof key === 'object' && 'value' in key ? String((key as { value: unknown }).value) === String(segment) : String(key) === String(segment);
      });
      if (!pair) return best;
      const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
      if (keyRange) best = keyRange[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) best = range[0];
    } else {
      return best;
    }
  }
  return best;
}

function countLines(text: string, end: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function firstSentence(message: string): string {
  const line = message.split('\n', 1)[0]!.trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}
