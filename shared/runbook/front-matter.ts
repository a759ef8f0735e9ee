import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { didYouMean } from './did-you-mean';
import type { DiagnosticCollector } from './diagnostic-collector';
import { parseDuration } from './duration';
import { cwdProblem, STEP_SHELLS } from './step-options';
import { readToml } from './toml-front-matter';

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
  'alerts',
  'comms',
] as const;

/**
 * Runme's document-level keys (stateful/runme pkg/document/frontmatter.go).
 * `shell`, `cwd`, `category`/`tag` and `skipPrompts` are honoured (see
 * {@link readDocumentDefaults}); `runme` is Runme's own bookkeeping;
 * `terminalRows` is answered by lint (lint-rules.ts).
 */
export const RUNME_FRONT_MATTER_KEYS = ['runme', 'shell', 'cwd', 'skipPrompts', 'terminalRows', 'category', 'tag'];

const KNOWN_KEYS = new Set<string>([...FRONT_MATTER_KEYS, ...RUNME_FRONT_MATTER_KEYS]);

/** The fields of Runme's `runme:` table. */
const RUNME_METADATA_KEYS = ['id', 'version', 'document', 'session'];

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
 * `...` line) or TOML front matter (`+++` to `+++`, as Runme reads it) from
 * the body and parses it, YAML with aliases limited. `source` must have
 * `\n` line ends. Problems become diagnostics; never throws.
 */
export function readFrontMatter(source: string, diagnostics: DiagnosticCollector): FrontMatter {
  const noFrontMatter: FrontMatter = { data: {}, body: source, bodyStartLine: 1, locate: () => ({ line: 1, column: 1 }) };
  if (/^\+\+\+[ \t]*(\n|$)/.test(source)) return readTomlFrontMatter(source, diagnostics) ?? noFrontMatter;
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

function readTomlFrontMatter(source: string, diagnostics: DiagnosticCollector): FrontMatter | undefined {
  const close = /\n\+\+\+[ \t]*(\n|$)/.exec(source);
  if (!close) {
    diagnostics.error('front-matter-syntax', 1, 1, 'The TOML front matter opened with "+++" on line 1 is never closed; add a "+++" line after it. The whole file is read as Markdown.');
    return undefined;
  }
  const tomlText = source.slice(source.indexOf('\n') + 1, close.index + 1);
  const bodyOffset = close.index + close[0].length;
  const read = readToml(tomlText);
  const keyLines = new Map<string, number>();
  tomlText.split('\n').forEach((line, index) => {
    const key = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(line)?.[1];
    if (key && !keyLines.has(key)) keyLines.set(key, index + 2);
  });
  if (!read.ok) diagnostics.error('front-matter-syntax', read.line + 1, 1, `The TOML front matter is not valid: ${read.message}`);
  return {
    data: read.ok ? read.data : {},
    body: source.slice(bodyOffset),
    bodyStartLine: countLines(source, bodyOffset),
    locate: (path) => ({ line: keyLines.get(String(path[0])) ?? 2, column: 1 }),
  };
}

/** What the front matter sets for every step: Runme's document-level `shell`, `cwd` and `category`/`tag`. */
export interface DocumentDefaults {
  shell?: string;
  cwd?: string;
  categories: string[];
}

/**
 * Reads Runme's document-level settings. `shell` may be a path or a
 * program name (`/bin/zsh`, `zsh`); a value Firebreak cannot run is an
 * error at its line.
 */
export function readDocumentDefaults(frontMatter: FrontMatter, diagnostics: DiagnosticCollector): DocumentDefaults {
  const { data, locate } = frontMatter;
  const defaults: DocumentDefaults = { categories: [] };
  const problem = (key: string, message: string) => {
    const at = locate([key]);
    diagnostics.error('front-matter-field', at.line, at.column, message);
  };
  if (data.shell !== undefined && data.shell !== '') {
    const program = typeof data.shell === 'string' ? (data.shell.trim().split(/\s+/, 1)[0] ?? '').split('/').pop()!.toLowerCase() : '';
    if ((STEP_SHELLS as readonly string[]).includes(program)) defaults.shell = program;
    else problem('shell', `shell "${String(data.shell)}" is not supported; use one of ${STEP_SHELLS.join(', ')}.`);
  }
  if (data.cwd !== undefined && data.cwd !== '') {
    const why = typeof data.cwd === 'string' ? cwdProblem(data.cwd.trim()) : 'cwd must be text.';
    if (why) problem('cwd', why);
    else defaults.cwd = (data.cwd as string).trim();
  }
  for (const key of ['category', 'tag']) {
    const value = data[key];
    if (value === undefined) continue;
    const items = Array.isArray(value) ? value : [value];
    if (!items.every((item) => typeof item === 'string')) {
      problem(key, `${key} must be text (comma-separated) or a list of text.`);
      continue;
    }
    for (const item of (items as string[]).flatMap((text) => text.split(','))) {
      if (item.trim() && !defaults.categories.includes(item.trim())) defaults.categories.push(item.trim());
    }
  }
  return defaults;
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
      case 'runme': {
        // Runme's bookkeeping (pkg/document/frontmatter.go RunmeMetadata): nothing for Firebreak to do, but a key Runme does not write is a typo.
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          problem(key, 'runme must be a table of Runme\'s own fields (id, version, document, session).');
          break;
        }
        for (const inner of Object.keys(value)) {
          if (RUNME_METADATA_KEYS.includes(inner)) continue;
          const at = locate([key, inner]);
          diagnostics.warning('front-matter-unknown-key', at.line, at.column, `Unknown key "runme.${inner}"; Runme writes only ${RUNME_METADATA_KEYS.map((name) => `runme.${name}`).join(', ')}, and Firebreak ignores the runme table.${didYouMean(inner, RUNME_METADATA_KEYS)}`);
        }
        break;
      }
      case 'skipPrompts':
        if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') problem(key, 'skipPrompts must be true or false.');
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
