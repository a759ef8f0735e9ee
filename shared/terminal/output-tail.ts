import { scanTerminalOutput } from '../redaction/terminal-escapes';
import { stripShellMarks } from './strip-shell-marks';

/**
 * Recorded terminal output as the lines a person saw, in plain text: escape
 * sequences removed, and what the terminal drew over (a carriage return
 * redrawing a progress bar, an erased line, a cursor moved up to redraw a
 * multi-line progress display) resolved to its final state. Reading the raw
 * bytes as text instead would show every frame of every progress bar.
 *
 * This is a small line model, not a terminal emulator: it follows the cursor
 * moves progress displays use (CR, BS, TAB, CSI A/B/C/D/G/K) and drops every
 * other sequence (colours, titles, shell-integration marks).
 */
export function renderPlainLines(raw: string): string[] {
  // Shell-integration marks are OSC sequences, which the scan below drops too; stripping them first
  // keeps the one helper that knows their shape (and their cut-off forms) in charge of them.
  const text = stripShellMarks(raw);
  const screen = new LineScreen();
  for (const token of scanTerminalOutput(text, true).tokens) {
    if (token.kind === 'text') screen.write(text.slice(token.start, token.end));
    else if (token.kind === 'csi') screen.csi(text.slice(token.start, token.end));
  }
  return screen.lines.map((line) => line.trimEnd());
}

/** Longest run of columns a cursor move may address: a hostile CSI 99999999C must not build a huge string. */
const MAX_COLUMN = 4096;
/** Farthest a cursor-up may reach back (progress displays redraw a handful of lines). */
const MAX_ROWS_UP = 200;

class LineScreen {
  readonly lines: string[] = [''];
  private row = 0;
  private col = 0;

  write(text: string): void {
    let run = '';
    const flush = () => {
      if (run) this.put(run);
      run = '';
    };
    for (const char of text) {
      const code = char.codePointAt(0)!;
      if (code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0)) {
        run += char;
        continue;
      }
      flush();
      if (char === '\n') this.newline();
      else if (char === '\r') this.col = 0;
      else if (char === '\b') this.col = Math.max(0, this.col - 1);
      else if (char === '\t') this.put(' '.repeat(8 - (this.col % 8)));
      // Every other control character (BEL, SO/SI, DEL…) draws nothing.
    }
    flush();
  }

  /** One CSI sequence (`ESC [ params final`, or its 8-bit form). */
  csi(sequence: string): void {
    const final = sequence[sequence.length - 1];
    const body = sequence.slice(sequence.startsWith('\x1b[') ? 2 : 1, -1);
    // Private sequences (ESC [ ? 25 l…) move nothing on the line.
    if (/[^0-9;]/.test(body)) return;
    const first = body.split(';')[0] ?? '';
    const n = first === '' ? null : Number(first);
    const count = Math.max(1, n ?? 1);
    const line = this.lines[this.row]!;
    switch (final) {
      case 'K': // erase in line: 0 to the end, 1 from the start, 2 all
        if ((n ?? 0) === 0) this.lines[this.row] = line.slice(0, this.col);
        else if (n === 1) this.lines[this.row] = ' '.repeat(Math.min(this.col + 1, line.length)) + line.slice(this.col + 1);
        else if (n === 2) this.lines[this.row] = '';
        break;
      case 'G': // cursor to column n (1-based)
      case '`':
        this.col = Math.min(MAX_COLUMN, count - 1);
        break;
      case 'C':
        this.col = Math.min(MAX_COLUMN, this.col + count);
        break;
      case 'D':
        this.col = Math.max(0, this.col - count);
        break;
      case 'A':
        this.row = Math.max(0, this.row - Math.min(count, MAX_ROWS_UP));
        break;
      case 'B':
        for (let i = 0; i < Math.min(count, MAX_ROWS_UP); i++) this.down();
        break;
      case 'E': // next line, column 0
        for (let i = 0; i < Math.min(count, MAX_ROWS_UP); i++) this.down();
        this.col = 0;
        break;
      case 'F': // previous line, column 0
        this.row = Math.max(0, this.row - Math.min(count, MAX_ROWS_UP));
        this.col = 0;
        break;
      default:
      // Colours (m) and everything else change no text.
    }
  }

  private put(text: string): void {
    const line = this.lines[this.row]!;
    const padded = line.length < this.col ? line + ' '.repeat(this.col - line.length) : line;
    this.lines[this.row] = padded.slice(0, this.col) + text + padded.slice(this.col + text.length);
    this.col += text.length;
  }

  private newline(): void {
    this.down();
    this.col = 0;
  }

  private down(): void {
    this.row++;
    if (this.row === this.lines.length) this.lines.push('');
  }
}

/**
 * A step run's output as plain lines, without the header Firebreak printed
 * before the step's commands (its title and code: the card already shows
 * them) and without the blank lines at its end.
 *
 * `header` is the header as the step is now ({@link stepHeaderLines}); when
 * the runbook changed since the run, the recorded header still starts with
 * `── … (step <stepId>)` and is recognised by that and its `$ ` lines.
 * `cutAtStart` says the bytes were capped from the front: the first line is
 * a fragment (maybe half a character or half an escape) and is dropped.
 */
export function stepRunLines(raw: string, options: { header?: readonly string[]; stepId?: string; cutAtStart?: boolean } = {}): string[] {
  const lines = renderPlainLines(raw);
  if (options.cutAtStart) lines.shift();
  else dropHeader(lines, options.header, options.stepId);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines;
}

function dropHeader(lines: string[], header: readonly string[] | undefined, stepId: string | undefined): void {
  if (header && header.length > 0 && header.every((line, index) => lines[index] === line.trimEnd())) {
    lines.splice(0, header.length);
    return;
  }
  if (stepId === undefined || !lines[0]?.startsWith('── ') || !lines[0].endsWith(` (step ${stepId})`)) return;
  let end = 1;
  while (end < lines.length && lines[end]!.startsWith('$ ')) end++;
  lines.splice(0, end);
}

/** The last `count` lines, each cut to `maxChars` (a one-line JSON blob must not fill the card), and how many came before. */
export function lastLines(lines: readonly string[], count: number, maxChars = 300): { lines: string[]; hidden: number } {
  const start = Math.max(0, lines.length - count);
  return {
    lines: lines.slice(start).map((line) => (line.length > maxChars ? `${line.slice(0, maxChars)}…` : line)),
    hidden: start,
  };
}
