/**
 * Splits terminal output into printable text and escape sequences, after
 * ECMA-48 (the grammar xterm.js parses): CSI `ESC [ params intermediates
 * final`, the string sequences OSC/DCS/SOS/PM/APC ended by BEL or ST, other
 * `ESC intermediates final` sequences, and their 8-bit C1 forms.
 */

/** What one piece of terminal output is. */
export type TerminalTokenKind = 'text' | 'csi' | 'string' | 'escape';

/** One piece of terminal output, half-open raw range `[start, end)`. */
export interface TerminalToken {
  kind: TerminalTokenKind;
  start: number;
  end: number;
  /** For `string` sequences: where the payload starts and ends (before the terminator). */
  payloadStart?: number;
  payloadEnd?: number;
}

/** Result of scanning: the tokens, and where an unfinished escape sequence at the end begins. */
export interface TerminalScan {
  tokens: TerminalToken[];
  /** Raw index up to which the tokens reach; text after it is an escape sequence still arriving. */
  completeEnd: number;
}

const ESC = 0x1b;
const BEL = 0x07;
const C1_CSI = 0x9b;
const C1_ST = 0x9c;
/** ESC ] OSC, ESC P DCS, ESC X SOS, ESC ^ PM, ESC _ APC. */
const STRING_INTRODUCERS = new Set([0x5d, 0x50, 0x58, 0x5e, 0x5f]);
/** 8-bit OSC, DCS, SOS, PM, APC. */
const C1_STRING_INTRODUCERS = new Set([0x9d, 0x90, 0x98, 0x9e, 0x9f]);

/**
 * Longest escape sequence held back while waiting for its end. xterm.js caps
 * OSC payloads too (its OSC_PAYLOAD_LIMIT); past this the "sequence" is
 * treated as text, so a stray ESC cannot make the redactor buffer forever.
 */
export const MAX_ESCAPE_SEQUENCE_LENGTH = 8192;

/** End of a CSI starting at `from` (just after the introducer), or -1 when not yet complete. */
function csiEnd(raw: string, from: number): number {
  for (let i = from; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 0x40 && code <= 0x7e) return i + 1;
    if (code < 0x20 || code > 0x3f) {
      // Not a parameter or intermediate byte: the sequence is malformed; end it here.
      return i;
    }
  }
  return -1;
}

/** Payload end and sequence end of a string sequence, or null when its terminator has not arrived. */
function stringEnd(raw: string, from: number): { payloadEnd: number; end: number } | null {
  for (let i = from; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === BEL || code === C1_ST) return { payloadEnd: i, end: i + 1 };
    if (code === ESC) {
      if (i + 1 >= raw.length) return null;
      if (raw.charCodeAt(i + 1) === 0x5c) return { payloadEnd: i, end: i + 2 };
      // An ESC that is not ST aborts the string (as in xterm.js); the ESC starts a new sequence.
      return { payloadEnd: i, end: i };
    }
  }
  return null;
}

/** Scans one escape sequence starting at `at`; null when it is not complete yet. */
function scanEscape(raw: string, at: number): TerminalToken | null {
  const first = raw.charCodeAt(at);
  if (first === C1_CSI) {
    const end = csiEnd(raw, at + 1);
    return end === -1 ? null : { kind: 'csi', start: at, end };
  }
  if (C1_STRING_INTRODUCERS.has(first)) {
    const found = stringEnd(raw, at + 1);
    return found && { kind: 'string', start: at, end: found.end, payloadStart: at + 1, payloadEnd: found.payloadEnd };
  }
  if (at + 1 >= raw.length) return null;
  const second = raw.charCodeAt(at + 1);
  if (second === 0x5b) {
    const end = csiEnd(raw, at + 2);
    return end === -1 ? null : { kind: 'csi', start: at, end };
  }
  if (STRING_INTRODUCERS.has(second)) {
    const found = stringEnd(raw, at + 2);
    return found && { kind: 'string', start: at, end: found.end, payloadStart: at + 2, payloadEnd: found.payloadEnd };
  }
  // ESC intermediates* final, e.g. ESC ( B, ESC 7, ESC =.
  for (let i = at + 1; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 0x20 && code <= 0x2f) continue;
    return { kind: 'escape', start: at, end: code >= 0x30 && code <= 0x7e ? i + 1 : i };
  }
  return null;
}

/** Where an escape sequence can start: ESC, 8-bit CSI and the 8-bit string introducers. */
const ESCAPE_START = new RegExp(`[${String.fromCharCode(ESC, C1_CSI, ...C1_STRING_INTRODUCERS)}]`, 'g');

/**
 * Tokenises `raw`. When `final` is false, an escape sequence cut off at the
 * end is left out of the tokens (see `completeEnd`); when true, it becomes text.
 */
export function scanTerminalOutput(raw: string, final: boolean): TerminalScan {
  const tokens: TerminalToken[] = [];
  let textStart = 0;
  let at = 0;
  const pushText = (end: number): void => {
    if (end > textStart) tokens.push({ kind: 'text', start: textStart, end });
  };
  while (at < raw.length) {
    // The regex engine finds the next possible escape far faster than a loop over every character.
    ESCAPE_START.lastIndex = at;
    const found = ESCAPE_START.exec(raw);
    if (found === null) break;
    at = found.index;
    const token = scanEscape(raw, at);
    if (token === null) {
      if (!final && raw.length - at < MAX_ESCAPE_SEQUENCE_LENGTH) {
        pushText(at);
        return { tokens, completeEnd: at };
      }
      at++; // too long or the stream is over: the ESC is just a character
      continue;
    }
    pushText(at);
    // A zero-length token (an aborted string with nothing after the ESC) cannot happen: end > start always.
    tokens.push(token);
    at = token.end;
    textStart = at;
  }
  pushText(raw.length);
  return { tokens, completeEnd: raw.length };
}

/** Printable text of `raw` with every escape sequence removed. */
export function stripTerminalEscapes(raw: string): string {
  return scanTerminalOutput(raw, true)
    .tokens.filter((token) => token.kind === 'text')
    .map((token) => raw.slice(token.start, token.end))
    .join('');
}
