/**
 * The attribute reader as it was before the single-pass rewrite in
 * step-attributes.ts (regex per key, JSON.parse for every JSON-looking
 * info string). Kept only as the reference the property test compares the
 * fast reader against, so any difference in result is caught.
 */
import type { StepAttributes } from '../model/runbook';
import type { AttributeProblem, AttributeReadResult } from './step-attributes';

/** Keys the object cannot hold safely (they would reach Object.prototype). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads what follows the language in a fence info string. Two syntaxes, as
 * Runme writes them: JSON (`{"name":"x","excludeFromRunAll":"true"}`) and
 * `key=value` in braces (`{ name=x interactive=false }`). Never throws.
 */
export function referenceReadAttributeText(text: string): AttributeReadResult {
  const result: AttributeReadResult = { attributes: {}, keyOffsets: {}, problems: [] };
  const leading = text.length - text.trimStart().length;
  const trimmed = text.trim();
  if (!trimmed) return result;
  if (!trimmed.startsWith('{')) {
    result.problems.push({
      rule: 'attribute-syntax',
      severity: 'warning',
      offset: leading,
      message: `The text "${shorten(trimmed)}" after the fence language is not in braces, so it is ignored. Write attributes as { name=value }.`,
    });
    return result;
  }
  // Only text that opens like a JSON object is worth a JSON.parse: a failed
  // parse throws, and throwing for every key=value fence is slow on big files.
  if (/^\{\s*["}]/.test(trimmed) && readJson(text, leading, result)) return result;
  readKeyValues(text, leading, result);
  return result;
}

function readJson(text: string, start: number, result: AttributeReadResult): boolean {
  const end = text.lastIndexOf('}');
  if (end < start) return false;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch {
    return false;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const offset = Math.max(start, text.indexOf(JSON.stringify(key), start));
    if (FORBIDDEN_KEYS.has(key)) {
      result.problems.push({ rule: 'attribute-syntax', severity: 'error', offset, message: `The attribute name "${key}" is not allowed.` });
      continue;
    }
    result.keyOffsets[key] = offset;
    if (typeof raw === 'string' || typeof raw === 'boolean' || (typeof raw === 'number' && Number.isFinite(raw))) {
      result.attributes[key] = raw;
    } else {
      result.problems.push({
        rule: 'attribute-value',
        severity: 'error',
        offset,
        message: `The attribute "${key}" must be text, a number or true/false, not ${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : 'an object'}.`,
      });
    }
  }
  warnTrailing(text, end + 1, result);
  return true;
}

/** An attribute name, matched where the reader stands (sticky), without slicing the text. */
const ATTRIBUTE_KEY = /[A-Za-z_][\w-]*/y;

/** `key=value` pairs inside braces; see docs/runbook-format.md for quoting. */
function readKeyValues(text: string, start: number, result: AttributeReadResult): void {
  // Plain objects are safe here: __proto__ and friends are refused below.
  const found: StepAttributes = {};
  const offsets: Record<string, number> = {};
  const duplicates: AttributeProblem[] = [];
  const fail = (offset: number, message: string) => {
    result.problems.push({ rule: 'attribute-syntax', severity: 'error', offset, message: `${message} The step gets no attributes until this is fixed.` });
  };
  const looksLikeJson = /^\{\s*"/.test(text.slice(start));
  let pos = start + 1;
  for (;;) {
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
    if (pos >= text.length) {
      return fail(pos, looksLikeJson ? 'The attributes look like JSON but are not valid JSON.' : 'The attributes have no closing "}".');
    }
    if (text[pos] === '}') break;
    ATTRIBUTE_KEY.lastIndex = pos;
    const keyMatch = ATTRIBUTE_KEY.exec(text);
    if (!keyMatch) {
      return fail(
        pos,
        looksLikeJson
          ? 'The attributes look like JSON but are not valid JSON.'
          : `Unexpected "${text[pos]}" in the attributes; write them as { key=value key2="value with spaces" }.`,
      );
    }
    const key = keyMatch[0];
    const keyOffset = pos;
    pos += key.length;
    let value: string | boolean = true;
    if (text[pos] === '=') {
      pos++;
      const read = readValue(text, pos, key);
      if (typeof read === 'string') return fail(pos, read);
      value = read.value;
      pos = read.end;
    } else if (pos < text.length && !isSpace(text.charCodeAt(pos)) && text[pos] !== '}') {
      return fail(pos, `Unexpected "${text[pos]}" after the attribute name "${key}"; write ${key}=value.`);
    }
    if (FORBIDDEN_KEYS.has(key)) return fail(keyOffset, `The attribute name "${key}" is not allowed.`);
    if (Object.prototype.hasOwnProperty.call(found, key)) {
      duplicates.push({ rule: 'duplicate-attribute', severity: 'warning', offset: keyOffset, message: `The attribute "${key}" is given twice; the last one wins.` });
    }
    found[key] = value;
    offsets[key] = keyOffset;
  }
  result.attributes = found;
  result.keyOffsets = offsets;
  result.problems.push(...duplicates);
  warnTrailing(text, pos + 1, result);
}

function readValue(text: string, pos: number, key: string): { value: string | boolean; end: number } | string {
  const quote = text[pos];
  if (quote === '"' || quote === "'") {
    let value = '';
    for (let i = pos + 1; i < text.length; i++) {
      const char = text[i]!;
      if (char === '\\' && quote === '"' && i + 1 < text.length) {
        value += text[++i];
      } else if (char === quote) {
        return { value, end: i + 1 };
      } else {
        value += char;
      }
    }
    return `The quoted value of "${key}" has no closing ${quote}.`;
  }
  if (quote === '/' && key === 'expect') {
    const end = regexLiteralEnd(text, pos);
    if (end < 0) return `The regex in "expect" has no closing "/".`;
    return { value: text.slice(pos, end), end };
  }
  let end = pos;
  while (end < text.length && !isSpace(text.charCodeAt(end)) && text.charCodeAt(end) !== 125 /* } */) end++;
  const raw = text.slice(pos, end);
  return { value: raw === 'true' ? true : raw === 'false' ? false : raw, end };
}

/** End (exclusive) of `/body/flags` starting at `pos`, honouring escapes and [classes]; -1 if unclosed. */
function regexLiteralEnd(text: string, pos: number): number {
  let inClass = false;
  for (let i = pos + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) {
      let end = i + 1;
      while (end < text.length && /[a-z]/i.test(text[end]!)) end++;
      return end;
    }
  }
  return -1;
}

function warnTrailing(text: string, from: number, result: AttributeReadResult): void {
  const rest = text.slice(from).trim();
  if (rest) {
    result.problems.push({
      rule: 'attribute-syntax',
      severity: 'warning',
      offset: text.indexOf(rest, from),
      message: `The text "${shorten(rest)}" after the closing "}" is ignored.`,
    });
  }
}

/** Whitespace as `\s` sees it in info strings (ASCII; info strings are one line). */
function isSpace(char: number): boolean {
  return char === 32 || char === 9 || char === 10 || char === 13 || char === 11 || char === 12 || char === 0xa0;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
