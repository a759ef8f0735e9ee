import type { StepAttributes } from '../model/runbook';

/** A problem found while reading an info string, at an offset into the text given. */
export interface AttributeProblem {
  rule: 'attribute-syntax' | 'duplicate-attribute' | 'attribute-value';
  severity: 'error' | 'warning';
  /** 0-based offset into the text passed to readAttributeText, plus its `base`. */
  offset: number;
  message: string;
}

/** The attributes of one fence, exactly as written, with where each key sits. */
export interface AttributeReadResult {
  attributes: StepAttributes;
  /** 0-based offset of each key in the text (plus `base`), for diagnostics that point at it. */
  keyOffsets: Record<string, number>;
  problems: AttributeProblem[];
}

/** Keys the object cannot hold safely (they would reach Object.prototype). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads what follows the language in a fence info string. Two syntaxes, as
 * Runme writes them: JSON (`{"name":"x","excludeFromRunAll":"true"}`) and
 * `key=value` in braces (`{ name=x interactive=false }`). Never throws.
 * `base` is added to every offset, so a caller that knows where the text
 * sits on its line gets columns without copying the result.
 */
export function readAttributeText(text: string, base = 0): AttributeReadResult {
  const result: AttributeReadResult = { attributes: {}, keyOffsets: {}, problems: [] };
  const leading = text.length - text.trimStart().length;
  const trimmed = text.trim();
  if (!trimmed) return result;
  if (!trimmed.startsWith('{')) {
    result.problems.push({
      rule: 'attribute-syntax',
      severity: 'warning',
      offset: base + leading,
      message: `The text "${shorten(trimmed)}" after the fence language is not in braces, so it is ignored. Write attributes as { name=value }.`,
    });
    return result;
  }
  // Runme writes flat JSON of strings and booleans on every cell: read that in one pass without JSON.parse.
  if (readFlatJson(text, leading, base, result)) return result;
  // Only text that opens like a JSON object is worth a JSON.parse: a failed
  // parse throws, and throwing for every key=value fence is slow on big files.
  if (/^\{\s*["}]/.test(trimmed) && readJson(text, leading, base, result)) return result;
  readKeyValues(text, leading, base, result);
  return result;
}

/**
 * The common JSON form, `{"key":"text","flag":true}`, read in one pass.
 * Gives up (returns false, `result` untouched) on anything else: escapes,
 * numbers, null, nested values, repeated or forbidden keys, text JSON.parse
 * would refuse. Those go through readJson, which this must match exactly
 * (step-attributes.property.test.ts compares the two on random text).
 */
function readFlatJson(text: string, start: number, base: number, result: AttributeReadResult): boolean {
  let pos = skipJsonSpace(text, start + 1);
  const first = text.charCodeAt(pos);
  // `{ key=value }` and the like: not this form, and nothing written yet.
  if (first !== 34 /* " */ && first !== 125 /* } */) return false;
  const end = text.lastIndexOf('}');
  // Filled in place (no second pair of objects per fence); emptied again if this gives up part way.
  const { attributes, keyOffsets } = result;
  let flat = true;
  while (first === 34) {
    if (text.charCodeAt(pos) !== 34) {
      flat = false;
      break;
    }
    const keyStart = pos;
    const keyEnd = plainStringEnd(text, pos + 1, true);
    const key = keyEnd < 0 ? '' : text.slice(pos + 1, keyEnd);
    if (keyEnd < 0 || FORBIDDEN_KEYS.has(key) || Object.prototype.hasOwnProperty.call(attributes, key)) {
      flat = false;
      break;
    }
    pos = skipJsonSpace(text, keyEnd + 1);
    if (text.charCodeAt(pos) !== 58 /* : */) {
      flat = false;
      break;
    }
    pos = skipJsonSpace(text, pos + 1);
    let value: string | boolean;
    if (text.charCodeAt(pos) === 34) {
      const valueEnd = plainStringEnd(text, pos + 1, false);
      if (valueEnd < 0) {
        flat = false;
        break;
      }
      value = text.slice(pos + 1, valueEnd);
      pos = valueEnd + 1;
    } else if (text.startsWith('true', pos)) {
      value = true;
      pos += 4;
    } else if (text.startsWith('false', pos)) {
      value = false;
      pos += 5;
    } else {
      flat = false;
      break;
    }
    keyOffsets[key] = base + firstQuoted(text, key, start, keyStart);
    attributes[key] = value;
    pos = skipJsonSpace(text, pos);
    const next = text.charCodeAt(pos);
    if (next === 125) break;
    if (next !== 44 /* , */) {
      flat = false;
      break;
    }
    pos = skipJsonSpace(text, pos + 1);
  }
  // JSON.parse of text up to the last "}" only succeeds when the object closes there.
  if (!flat || pos !== end) {
    result.attributes = {};
    result.keyOffsets = {};
    return false;
  }
  warnTrailing(text, end + 1, base, result);
  return true;
}

/**
 * Where readJson says a key is: the first `"key"` in the text from `start`
 * (it searches for the key's JSON text, which can be inside an earlier
 * value). `at`, the key's own quote, is the answer unless an earlier quote
 * matches; checking the few quotes before it avoids building the needle.
 */
function firstQuoted(text: string, key: string, start: number, at: number): number {
  for (let quote = text.indexOf('"', start); quote !== -1 && quote < at; quote = text.indexOf('"', quote + 1)) {
    if (text.charCodeAt(quote + 1 + key.length) === 34 && text.startsWith(key, quote + 1)) return quote;
  }
  return at;
}

/** Whitespace JSON allows between tokens. */
function skipJsonSpace(text: string, pos: number): number {
  for (;;) {
    const char = text.charCodeAt(pos);
    if (char !== 32 && char !== 9 && char !== 10 && char !== 13) return pos;
    pos++;
  }
}

/**
 * Index of the `"` closing a JSON string whose text starts at `pos`, or -1
 * when it has an escape or a control character (JSON.parse decides those),
 * or is unclosed. A key must also have no lone surrogates, which
 * JSON.stringify would escape (readJson finds keys by their JSON text).
 */
function plainStringEnd(text: string, pos: number, isKey: boolean): number {
  for (let i = pos; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 34) return i;
    if (char < 0x20 || char === 92 /* \ */ || (isKey && char >= 0xd800 && char <= 0xdfff)) return -1;
  }
  return -1;
}

function readJson(text: string, start: number, base: number, result: AttributeReadResult): boolean {
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
    const offset = base + Math.max(start, text.indexOf(JSON.stringify(key), start));
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
  warnTrailing(text, end + 1, base, result);
  return true;
}

/** Whether the character can start an attribute name: A–Z, a–z, `_`. */
function isKeyStart(char: number): boolean {
  return (char >= 97 && char <= 122) || (char >= 65 && char <= 90) || char === 95;
}

/** Whether the character can continue an attribute name: also 0–9 and `-`. */
function isKeyPart(char: number): boolean {
  return isKeyStart(char) || (char >= 48 && char <= 57) || char === 45;
}

/**
 * `key=value` pairs inside braces; see docs/runbook-format.md for quoting.
 * One pass over the text with character tests (no regex or result object
 * per attribute): it runs for most fences of a big runbook.
 */
function readKeyValues(text: string, start: number, base: number, result: AttributeReadResult): void {
  // Plain objects are safe here: __proto__ and friends are refused below. Filled in place; a failure empties them again.
  const found = result.attributes;
  const offsets = result.keyOffsets;
  let duplicates: AttributeProblem[] | undefined;
  let pos = start + 1;
  for (;;) {
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
    if (pos >= text.length) {
      return failKeyValues(text, start, base + pos, result, (json) => (json ? 'The attributes look like JSON but are not valid JSON.' : 'The attributes have no closing "}".'));
    }
    const first = text.charCodeAt(pos);
    if (first === 125 /* } */) break;
    if (!isKeyStart(first)) {
      return failKeyValues(text, start, base + pos, result, (json) =>
        json ? 'The attributes look like JSON but are not valid JSON.' : `Unexpected "${text[pos]}" in the attributes; write them as { key=value key2="value with spaces" }.`,
      );
    }
    const keyOffset = pos;
    pos++;
    while (pos < text.length && isKeyPart(text.charCodeAt(pos))) pos++;
    const key = text.slice(keyOffset, pos);
    let value: string | boolean = true;
    if (text.charCodeAt(pos) === 61 /* = */) {
      pos++;
      const quote = text.charCodeAt(pos);
      if (quote === 34 /* " */ || quote === 39 /* ' */) {
        // Slices between escapes rather than a character at a time.
        let read = '';
        let from = pos + 1;
        let i = from;
        for (; i < text.length; i++) {
          const char = text.charCodeAt(i);
          if (char === 92 && quote === 34 && i + 1 < text.length) {
            read += text.slice(from, i);
            from = ++i;
          } else if (char === quote) {
            break;
          }
        }
        if (i >= text.length) return failKeyValues(text, start, base + pos, result, () => `The quoted value of "${key}" has no closing ${text[pos]}.`);
        value = read + text.slice(from, i);
        pos = i + 1;
      } else if (quote === 47 /* / */ && key === 'expect') {
        const end = regexLiteralEnd(text, pos);
        if (end < 0) return failKeyValues(text, start, base + pos, result, () => `The regex in "expect" has no closing "/".`);
        value = text.slice(pos, end);
        pos = end;
      } else {
        let end = pos;
        while (end < text.length && !isSpace(text.charCodeAt(end)) && text.charCodeAt(end) !== 125) end++;
        const raw = text.slice(pos, end);
        value = raw === 'true' ? true : raw === 'false' ? false : raw;
        pos = end;
      }
    } else if (pos < text.length && !isSpace(text.charCodeAt(pos)) && text.charCodeAt(pos) !== 125) {
      return failKeyValues(text, start, base + pos, result, () => `Unexpected "${text[pos]}" after the attribute name "${key}"; write ${key}=value.`);
    }
    if (FORBIDDEN_KEYS.has(key)) return failKeyValues(text, start, base + keyOffset, result, () => `The attribute name "${key}" is not allowed.`);
    if (Object.prototype.hasOwnProperty.call(found, key)) {
      (duplicates ??= []).push({ rule: 'duplicate-attribute', severity: 'warning', offset: base + keyOffset, message: `The attribute "${key}" is given twice; the last one wins.` });
    }
    found[key] = value;
    offsets[key] = base + keyOffset;
  }
  if (duplicates) result.problems.push(...duplicates);
  warnTrailing(text, pos + 1, base, result);
}

/** The one error a malformed `key=value` text gets; whether it looks like JSON is only worked out here. */
function failKeyValues(text: string, start: number, offset: number, result: AttributeReadResult, message: (looksLikeJson: boolean) => string): void {
  const looksLikeJson = /^\{\s*"/.test(text.slice(start));
  result.attributes = {};
  result.keyOffsets = {};
  result.problems.push({ rule: 'attribute-syntax', severity: 'error', offset, message: `${message(looksLikeJson)} The step gets no attributes until this is fixed.` });
}

/** End (exclusive) of `/body/flags` starting at `pos`, honouring escapes and [classes]; -1 if unclosed. */
function regexLiteralEnd(text: string, pos: number): number {
  let inClass = false;
  for (let i = pos + 1; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 92 /* \ */) i++;
    else if (char === 91 /* [ */) inClass = true;
    else if (char === 93 /* ] */) inClass = false;
    else if (char === 47 /* / */ && !inClass) {
      let end = i + 1;
      while (end < text.length && isLetter(text.charCodeAt(end))) end++;
      return end;
    }
  }
  return -1;
}

function isLetter(char: number): boolean {
  return (char >= 97 && char <= 122) || (char >= 65 && char <= 90);
}

function warnTrailing(text: string, from: number, base: number, result: AttributeReadResult): void {
  const rest = text.slice(from).trim();
  if (rest) {
    result.problems.push({
      rule: 'attribute-syntax',
      severity: 'warning',
      offset: base + text.indexOf(rest, from),
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
