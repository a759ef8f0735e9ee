/**
 * TOML front matter (`+++` … `+++`), which Runme and Hugo documents use.
 * Front matter is short and flat, so this reads the part of TOML such
 * documents hold: `key = value` lines, `[table]` and `[a.b]` headers,
 * strings (basic, literal), numbers, booleans, dates (kept as text) and
 * one-line arrays and inline tables of those. Anything else is reported at
 * its line rather than guessed at. Never throws.
 */

/** The values read, or the first problem with its 1-based line within the TOML text. */
export type TomlResult = { ok: true; data: Record<string, unknown> } | { ok: false; line: number; message: string };

const BARE_KEY = /^[A-Za-z0-9_-]+/;

export function readToml(text: string): TomlResult {
  const data: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let table = data;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index]!.trim();
    if (!line || line.startsWith('#')) continue;
    try {
      if (line.startsWith('[')) {
        if (line.startsWith('[[')) throw new TomlError('arrays of tables ([[…]]) are not supported in front matter.');
        const close = line.indexOf(']');
        if (close < 0 || !isComment(line.slice(close + 1))) throw new TomlError(`the table header "${line}" has no closing "]".`);
        table = descend(data, readKeyPath(line.slice(1, close).trim()));
        continue;
      }
      const cursor = { text: line, pos: 0 };
      const path = readKey(cursor);
      skipSpaces(cursor);
      if (cursor.text[cursor.pos] !== '=') throw new TomlError(`expected "key = value", found "${line.slice(0, 40)}".`);
      cursor.pos++;
      skipSpaces(cursor);
      const value = readValue(cursor);
      skipSpaces(cursor);
      if (!isComment(cursor.text.slice(cursor.pos))) throw new TomlError(`unexpected "${cursor.text.slice(cursor.pos, cursor.pos + 20)}" after the value of "${path.join('.')}".`);
      const target = descend(table, path.slice(0, -1));
      const key = path[path.length - 1]!;
      if (Object.prototype.hasOwnProperty.call(target, key)) throw new TomlError(`"${path.join('.')}" is given twice.`);
      target[key] = value;
    } catch (error) {
      if (error instanceof TomlError) return { ok: false, line: lineNumber, message: error.message };
      throw error;
    }
  }
  return { ok: true, data: { ...data } };
}

class TomlError extends Error {}

interface Cursor {
  text: string;
  pos: number;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function descend(root: Record<string, unknown>, path: string[]): Record<string, unknown> {
  let node = root;
  for (const key of path) {
    const next = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
    if (next === undefined) {
      const made = Object.create(null) as Record<string, unknown>;
      node[key] = made;
      node = made;
    } else if (next && typeof next === 'object' && !Array.isArray(next)) {
      node = next as Record<string, unknown>;
    } else {
      throw new TomlError(`"${key}" is a value, not a table.`);
    }
  }
  return node;
}

function readKeyPath(text: string): string[] {
  const cursor = { text, pos: 0 };
  const path = readKey(cursor);
  skipSpaces(cursor);
  if (cursor.pos !== text.length) throw new TomlError(`"${text}" is not a table name.`);
  return path;
}

function readKey(cursor: Cursor): string[] {
  const path: string[] = [];
  for (;;) {
    skipSpaces(cursor);
    const char = cursor.text[cursor.pos];
    let key: string;
    if (char === '"' || char === "'") {
      key = readString(cursor);
    } else {
      const bare = BARE_KEY.exec(cursor.text.slice(cursor.pos));
      if (!bare) throw new TomlError(`expected a key, found "${cursor.text.slice(cursor.pos, cursor.pos + 20)}".`);
      key = bare[0];
      cursor.pos += key.length;
    }
    if (FORBIDDEN.has(key)) throw new TomlError(`the key "${key}" is not allowed.`);
    path.push(key);
    skipSpaces(cursor);
    if (cursor.text[cursor.pos] !== '.') return path;
    cursor.pos++;
  }
}

function readValue(cursor: Cursor): unknown {
  const char = cursor.text[cursor.pos];
  if (char === '"' || char === "'") {
    if (cursor.text.startsWith(char.repeat(3), cursor.pos)) throw new TomlError('multi-line strings are not supported in front matter.');
    return readString(cursor);
  }
  if (char === '[') return readArray(cursor);
  if (char === '{') return readInlineTable(cursor);
  const word = /^[^\s,\]}#]+/.exec(cursor.text.slice(cursor.pos))?.[0] ?? '';
  cursor.pos += word.length;
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (/^[+-]?(?:\d[\d_]*)(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?$/.test(word)) return Number(word.replaceAll('_', ''));
  // Dates and times stay text, as YAML front matter dates are read as text too.
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/.test(word)) return word;
  throw new TomlError(word ? `"${word}" is not a TOML value; quote text with "…".` : 'a value is missing after "=".');
}

function readArray(cursor: Cursor): unknown[] {
  cursor.pos++;
  const items: unknown[] = [];
  for (;;) {
    skipSpaces(cursor);
    if (cursor.text[cursor.pos] === ']') {
      cursor.pos++;
      return items;
    }
    if (cursor.pos >= cursor.text.length) throw new TomlError('the array has no closing "]" on this line (arrays must fit on one line in front matter).');
    items.push(readValue(cursor));
    skipSpaces(cursor);
    if (cursor.text[cursor.pos] === ',') cursor.pos++;
    else if (cursor.text[cursor.pos] !== ']') throw new TomlError('expected "," or "]" in the array.');
  }
}

function readInlineTable(cursor: Cursor): Record<string, unknown> {
  cursor.pos++;
  const table = Object.create(null) as Record<string, unknown>;
  for (;;) {
    skipSpaces(cursor);
    if (cursor.text[cursor.pos] === '}') {
      cursor.pos++;
      return { ...table };
    }
    const path = readKey(cursor);
    skipSpaces(cursor);
    if (cursor.text[cursor.pos] !== '=') throw new TomlError('expected "=" in the inline table.');
    cursor.pos++;
    skipSpaces(cursor);
    descend(table, path.slice(0, -1))[path[path.length - 1]!] = readValue(cursor);
    skipSpaces(cursor);
    if (cursor.text[cursor.pos] === ',') cursor.pos++;
    else if (cursor.text[cursor.pos] !== '}') throw new TomlError('expected "," or "}" in the inline table.');
  }
}

function readString(cursor: Cursor): string {
  const quote = cursor.text[cursor.pos]!;
  let value = '';
  for (let i = cursor.pos + 1; i < cursor.text.length; i++) {
    const char = cursor.text[i]!;
    if (char === quote) {
      cursor.pos = i + 1;
      return value;
    }
    if (char === '\\' && quote === '"') {
      const next = cursor.text[++i];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
      if (next !== undefined && next in simple) value += simple[next];
      else if (next === 'u' || next === 'U') {
        const length = next === 'u' ? 4 : 8;
        const hex = cursor.text.slice(i + 1, i + 1 + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw new TomlError(`"\\${next}${hex}" is not a valid escape.`);
        value += String.fromCodePoint(parseInt(hex, 16));
        i += length;
      } else throw new TomlError(`"\\${next ?? ''}" is not a valid escape in a "…" string.`);
      continue;
    }
    value += char;
  }
  throw new TomlError(`the string has no closing ${quote}.`);
}

function skipSpaces(cursor: Cursor): void {
  while (cursor.text[cursor.pos] === ' ' || cursor.text[cursor.pos] === '\t') cursor.pos++;
}

function isComment(rest: string): boolean {
  const trimmed = rest.trim();
  return trimmed === '' || trimmed.startsWith('#');
}
