import { findSecretMatches, type RedactionOptions, type SecretMatch } from './find-secrets';
import { redact, redactionMask } from './redact';
import { PEM_END_MARKER_MAX_LENGTH, PEM_PRIVATE_KEY_BEGIN, PEM_PRIVATE_KEY_END, TOKEN_CHARACTER } from './secret-rules';
import { scanTerminalOutput, type TerminalToken } from './terminal-escapes';

/** Options of {@link createStreamingRedactor}. */
export interface StreamingRedactorOptions extends RedactionOptions {
  /**
   * Printable characters held back at the end of the stream, in case they are
   * the start of a secret whose rest has not arrived. A secret (with its
   * `password=`-style context) no longer than this is masked wherever the
   * chunks split it. Default {@link DEFAULT_LOOK_BEHIND_CHARS}.
   */
  lookBehindChars?: number;
}

/** Masks secrets in terminal output that arrives in chunks. */
export interface StreamingRedactor {
  /** Feeds one chunk; returns the redacted output that is now safe to release (maybe empty). */
  push(chunk: string): string;
  /** Ends the stream; returns everything still held back, redacted. */
  flush(): string;
}

/**
 * Default hold-back. 1,024 characters covers every fixed-format token (the
 * longest, a fine-grained GitHub PAT, is 93), a 4,096-bit key's JWT, and
 * typical bearer tokens; longer tokens are still masked through their end by
 * the over-long-token path.
 */
export const DEFAULT_LOOK_BEHIND_CHARS = 1024;

/**
 * Held text is capped at this many look-behinds. Below it, an unbroken run of
 * token characters is held whole (a JWT is only recognisable once its second
 * dot has arrived). Past it, a match that straddles the hold-back line is
 * released masked and the token characters that follow it are dropped until
 * the token ends; a run that matches nothing is released as it is.
 */
const MAX_PENDING_LOOK_BEHINDS = 4;

type Mode = 'normal' | 'inside-private-key' | 'inside-long-token';

/** Printable text of the scanned part of a buffer, with a way back to raw indices. */
class VisibleView {
  readonly text: string;
  private readonly textTokens: TerminalToken[] = [];
  private readonly visStarts: number[] = [];

  constructor(
    raw: string,
    readonly tokens: TerminalToken[],
    private readonly completeEnd: number,
  ) {
    const parts: string[] = [];
    let vis = 0;
    for (const token of tokens) {
      if (token.kind !== 'text') continue;
      this.textTokens.push(token);
      this.visStarts.push(vis);
      parts.push(raw.slice(token.start, token.end));
      vis += token.end - token.start;
    }
    this.text = parts.join('');
  }

  /** Raw index of printable character `vis`; the end of the scanned part for `vis === text.length`. */
  rawAt(vis: number): number {
    if (vis >= this.text.length) return this.completeEnd;
    let low = 0;
    let high = this.visStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.visStarts[mid] as number) <= vis) low = mid;
      else high = mid - 1;
    }
    return (this.textTokens[low] as TerminalToken).start + (vis - (this.visStarts[low] as number));
  }
}

/** Start of the first private-key block in `text` that has no end marker yet, or -1. */
function openPrivateKeyStart(text: string): number {
  const begin = new RegExp(PEM_PRIVATE_KEY_BEGIN.source, 'g');
  for (const match of text.matchAll(begin)) {
    const after = match.index + match[0].length;
    if (!PEM_PRIVATE_KEY_END.test(text.slice(after))) return match.index;
  }
  return -1;
}

/** Moves `cut` back so it does not fall inside any match's evidence. */
function cutBeforeMatches(matches: readonly SecretMatch[], cut: number): number {
  for (let i = matches.length - 1; i >= 0; i--) {
    const match = matches[i] as SecretMatch;
    if (match.matchStart < cut && match.end > cut) cut = match.matchStart;
  }
  return cut;
}

/** Moves `cut` forward past any match it would split. */
function cutAfterMatches(matches: readonly SecretMatch[], cut: number): number {
  for (const match of matches) {
    if (match.matchStart < cut && match.end > cut) cut = match.end;
  }
  return cut;
}

/**
 * Moves `cut` back to just after a character that cannot be part of a token,
 * so a token that is still arriving is held whole; 0 when there is none.
 */
function cutAtTokenBoundary(text: string, cut: number): number {
  for (let i = cut - 1; i >= 0; i--) {
    if (!TOKEN_CHARACTER.test(text.charAt(i))) return i + 1;
  }
  return 0;
}

/**
 * A redactor for one terminal stream. Secrets are found in the printable
 * text with escape sequences removed, so `AKIA\x1b[1m...` is still a key;
 * escape sequences inside a masked range are kept (SGR state survives), and
 * the payloads of OSC/DCS/APC strings, which can carry command lines and
 * URLs, are redacted on their own. Memory is bounded by
 * `lookBehindChars × 4` plus one chunk and one unfinished escape sequence.
 */
export function createStreamingRedactor(options: StreamingRedactorOptions = {}): StreamingRedactor {
  const lookBehind = Math.max(1, options.lookBehindChars ?? DEFAULT_LOOK_BEHIND_CHARS);
  const maxPending = lookBehind * MAX_PENDING_LOOK_BEHINDS;
  let pending = '';
  let mode: Mode = 'normal';

  const renderEscape = (token: TerminalToken): string => {
    if (token.kind !== 'string' || token.payloadStart === undefined || token.payloadEnd === undefined) {
      return pending.slice(token.start, token.end);
    }
    return (
      pending.slice(token.start, token.payloadStart) +
      redact(pending.slice(token.payloadStart, token.payloadEnd), options) +
      pending.slice(token.payloadEnd, token.end)
    );
  };

  /** The raw buffer before `rawCut`, with the matches (printable indices) masked. */
  const render = (view: VisibleView, matches: readonly SecretMatch[], rawCut: number): string => {
    let out = '';
    let vis = 0;
    let next = 0;
    for (const token of view.tokens) {
      if (token.start >= rawCut) break;
      if (token.kind !== 'text') {
        out += renderEscape(token);
        continue;
      }
      const tokenEnd = Math.min(token.end, rawCut);
      let raw = token.start;
      while (raw < tokenEnd) {
        const match = matches[next];
        if (match && vis >= match.end) {
          next++;
          continue;
        }
        if (match && vis >= match.start) {
          if (vis === match.start) out += redactionMask(match.rule);
          const skip = Math.min(match.end - vis, tokenEnd - raw);
          vis += skip;
          raw += skip;
          continue;
        }
        const take = match ? Math.min(tokenEnd - raw, match.start - vis) : tokenEnd - raw;
        out += pending.slice(raw, raw + take);
        raw += take;
        vis += take;
      }
    }
    return out;
  };

  /** Only the escape sequences before `rawCut`: what is left of text that is dropped whole. */
  const renderEscapesOnly = (view: VisibleView, rawCut: number): string => {
    let out = '';
    for (const token of view.tokens) {
      if (token.start >= rawCut) break;
      if (token.kind !== 'text') out += renderEscape(token);
    }
    return out;
  };

  const process = (final: boolean): string => {
    let out = '';
    for (;;) {
      const scan = scanTerminalOutput(pending, final);
      const view = new VisibleView(pending, scan.tokens, scan.completeEnd);
      const { text } = view;

      if (mode === 'inside-private-key') {
        const end = PEM_PRIVATE_KEY_END.exec(text);
        if (end) {
          const rawCut = view.rawAt(end.index + end[0].length);
          out += renderEscapesOnly(view, rawCut);
          pending = pending.slice(rawCut);
          mode = 'normal';
          continue;
        }
        // Keep just enough to recognise an end marker split across chunks.
        const rawCut = final ? pending.length : view.rawAt(Math.max(0, text.length - PEM_END_MARKER_MAX_LENGTH));
        out += renderEscapesOnly(view, rawCut);
        pending = pending.slice(rawCut);
        return out;
      }

      if (mode === 'inside-long-token') {
        let end = 0;
        while (end < text.length && TOKEN_CHARACTER.test(text.charAt(end))) end++;
        const rawCut = end === text.length ? scan.completeEnd : view.rawAt(end);
        out += renderEscapesOnly(view, rawCut);
        pending = pending.slice(rawCut);
        if (end === text.length && !final) return out;
        mode = 'normal';
        continue;
      }

      const matches = findSecretMatches(text, options);
      if (final) {
        out += render(view, matches, pending.length);
        pending = '';
        return out;
      }

      const openKey = openPrivateKeyStart(text);
      if (openKey !== -1) {
        const cut = cutBeforeMatches(matches, openKey);
        const rawCut = view.rawAt(cut);
        out += render(view, matches, rawCut) + redactionMask('private-key');
        pending = pending.slice(rawCut);
        mode = 'inside-private-key';
        continue;
      }

      const holdLine = text.length - lookBehind;
      if (holdLine <= 0) return out;
      let cut = cutBeforeMatches(matches, cutAtTokenBoundary(text, holdLine));
      if (cut === 0 && text.length > maxPending) {
        // One match longer than the cap: release it masked and swallow the rest of its token.
        cut = cutAfterMatches(matches, holdLine);
        if (matches.some((match) => match.end === cut && match.end === text.length)) mode = 'inside-long-token';
      }
      if (cut === 0) return out;
      const rawCut = view.rawAt(cut);
      out += render(view, matches, rawCut);
      pending = pending.slice(rawCut);
      return out;
    }
  };

  return {
    push(chunk: string): string {
      pending += chunk;
      return process(false);
    },
    flush(): string {
      return process(true);
    },
  };
}

/** `raw` terminal output (escape sequences and all) with every secret masked. */
export function redactTerminalText(raw: string, options: RedactionOptions = {}): string {
  const redactor = createStreamingRedactor(options);
  return redactor.push(raw) + redactor.flush();
}
