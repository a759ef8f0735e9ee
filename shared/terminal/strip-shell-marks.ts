/**
 * Removes shell-integration marks (OSC 633 and OSC 133, each ended by BEL or
 * ST) from recorded terminal output, across chunk edges: a replay or an
 * export shows what the responder saw, not the plumbing — and never the
 * session's nonce, which every mark carries.
 */
export class ShellMarkStripper {
  private carry = '';

  /** Longest unterminated mark held back before it is let through as text (marks are short; a stray ESC ] 633; must not swallow output). */
  static readonly MAX_HELD_CHARS = 256 * 1024;

  /** The chunk without marks; a mark cut off at the end is held until the next chunk. */
  push(chunk: string): string {
    const text = this.carry + chunk;
    this.carry = '';
    let out = '';
    let from = 0;
    for (;;) {
      const start = nextMarkStart(text, from);
      if (start === -1) {
        out += text.slice(from);
        break;
      }
      out += text.slice(from, start);
      const end = markEnd(text, start);
      if (end === -1) {
        const held = text.slice(start);
        if (held.length > ShellMarkStripper.MAX_HELD_CHARS) out += held;
        else this.carry = held;
        break;
      }
      from = end;
    }
    // A lone ESC, or ESC ] and the start of 633/133, at the very end may be a mark cut in two.
    if (this.carry === '') {
      const held = partialMarkStart(out);
      if (held > 0) {
        this.carry = out.slice(-held);
        out = out.slice(0, -held);
      }
    }
    return out;
  }

  /** Whatever is held back (an unterminated mark at the very end is output after all). */
  end(): string {
    const rest = this.carry;
    this.carry = '';
    return rest;
  }
}

const MARK_PREFIXES = ['\x1b]633;', '\x1b]133;'];

/** How many characters at the end of `text` could begin a mark prefix (0 when none). */
function partialMarkStart(text: string): number {
  for (let length = Math.min(5, text.length); length > 0; length--) {
    const tail = text.slice(-length);
    if (MARK_PREFIXES.some((prefix) => prefix.startsWith(tail))) return length;
  }
  return 0;
}

function nextMarkStart(text: string, from: number): number {
  const a = text.indexOf('\x1b]633;', from);
  const b = text.indexOf('\x1b]133;', from);
  if (a === -1) return b;
  if (b === -1) return a;
  return Math.min(a, b);
}

/** Index just past the mark's terminator (BEL or ESC \), or -1 when it has not arrived. */
function markEnd(text: string, start: number): number {
  for (let i = start + 6; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x07) return i + 1;
    if (char === 0x1b) {
      if (i + 1 >= text.length) return -1;
      return text[i + 1] === '\\' ? i + 2 : i + 1;
    }
  }
  return -1;
}

/** Every mark removed from a whole text. */
export function stripShellMarks(text: string): string {
  const stripper = new ShellMarkStripper();
  return stripper.push(text) + stripper.end();
}
