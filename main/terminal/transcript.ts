/**
 * A clean text transcript of one step's terminal output, for the timeline and
 * the postmortem: carriage returns, colours, cursor movement and erasing are
 * resolved by a real terminal emulator (@xterm/headless), so a progress bar
 * reads as its final state rather than a hundred redraws.
 *
 * Memory stays bounded whatever the step prints: the emulator only ever sees
 * the head of the output (capped in bytes and lines) and, at the end, the
 * tail; what lies between is counted and replaced by an explicit marker that
 * says how many bytes were left out. The complete output is in the raw byte
 * recording, never here.
 */
import { createRequire } from 'node:module';
import type { Terminal as HeadlessTerminal } from '@xterm/headless';

type HeadlessModule = typeof import('@xterm/headless');

/** Tuning for {@link StepTranscript}. */
export interface StepTranscriptOptions {
  /** Width of the terminal the output was produced for; wrapping follows it. */
  cols: number;
  rows?: number;
  /** Bytes from the start of the output that are rendered. */
  headBytes?: number;
  /** Lines from the start of the output that are rendered (a flood of short lines costs memory per line). */
  headLines?: number;
  /** Bytes from the end of the output that are rendered. */
  tailBytes?: number;
  /** Lines from the end of the output that are rendered. */
  tailLines?: number;
}

/** A finished transcript. */
export interface Transcript {
  text: string;
  /** Bytes the step printed. */
  totalBytes: number;
  /** Bytes not rendered; the text says so at the point where they were. */
  omittedBytes: number;
}

/**
 * 64 KiB / 2000 lines of head and 16 KiB / 500 lines of tail: a postmortem
 * reader wants how a step began and how it ended; a screenful of either is
 * rarely enough, pages of it are never read. xterm keeps cols × 12 bytes per
 * line, so the worst case is a few MB per transcript being built.
 */
export const DEFAULT_HEAD_BYTES = 64 * 1024;
export const DEFAULT_HEAD_LINES = 2000;
export const DEFAULT_TAIL_BYTES = 16 * 1024;
export const DEFAULT_TAIL_LINES = 500;
const DEFAULT_ROWS = 24;
const LINE_FEED = 0x0a;

/** The line that stands where output was left out. */
export function truncationMarker(omittedBytes: number): string {
  return `[… ${omittedBytes.toLocaleString('en-US')} bytes of output left out of this transcript …]`;
}

let headless: HeadlessModule | undefined;
function loadHeadless(): HeadlessModule {
  // Loaded through require: the package's "module" entry points at a file it does not ship.
  return (headless ??= createRequire(import.meta.url)('@xterm/headless') as HeadlessModule);
}

/** Builds the transcript of one step from its output bytes, written in order. */
export class StepTranscript {
  private readonly cols: number;
  private readonly rows: number;
  private readonly headBytes: number;
  private readonly headLines: number;
  private readonly tailBytes: number;
  private readonly tailLines: number;
  private head: HeadlessTerminal | undefined;
  private headFed = 0;
  private headLineFeeds = 0;
  private headClosed = false;
  private lastHeadByte = LINE_FEED;
  /** Most recent bytes after the head, at least tailBytes + 1 of them once there are that many. */
  private tail: Buffer[] = [];
  private tailSize = 0;
  private afterHead = 0;
  private total = 0;
  private finished = false;

  constructor(options: StepTranscriptOptions) {
    this.cols = Math.max(1, Math.floor(options.cols));
    this.rows = Math.max(1, Math.floor(options.rows ?? DEFAULT_ROWS));
    this.headBytes = options.headBytes ?? DEFAULT_HEAD_BYTES;
    this.headLines = options.headLines ?? DEFAULT_HEAD_LINES;
    this.tailBytes = options.tailBytes ?? DEFAULT_TAIL_BYTES;
    this.tailLines = options.tailLines ?? DEFAULT_TAIL_LINES;
  }

  /** Adds output. Strings are taken as UTF-8 text; bytes may split characters anywhere. */
  write(data: Uint8Array | string): void {
    if (this.finished) throw new Error('This transcript is finished; start a new one for the next step.');
    let bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.length === 0) return;
    this.total += bytes.length;
    if (!this.headClosed) {
      const take = this.headTake(bytes);
      if (take > 0) {
        // A copy: the caller may reuse its buffer before xterm parses this one.
        this.headTerminal().write(new Uint8Array(bytes.subarray(0, take)));
        this.headFed += take;
        this.lastHeadByte = bytes[take - 1]!;
      }
      if (take === bytes.length) return;
      this.headClosed = true;
      bytes = bytes.subarray(take);
    }
    this.afterHead += bytes.length;
    this.tail.push(Buffer.from(bytes));
    this.tailSize += bytes.length;
    while (this.tail.length > 1 && this.tailSize - this.tail[0]!.length > this.tailBytes) {
      this.tailSize -= this.tail.shift()!.length;
    }
  }

  /** Renders the transcript. The instance cannot be written to afterwards. */
  async finish(): Promise<Transcript> {
    this.finished = true;
    const parts: string[] = [];
    if (this.head) {
      parts.push(await render(this.head));
      this.head.dispose();
      this.head = undefined;
    }
    let omitted = 0;
    if (this.afterHead > 0) {
      const tail = this.tailToRender();
      omitted = this.afterHead - tail.length;
      if (omitted > 0) parts.push(truncationMarker(omitted));
      if (tail.length > 0) {
        const terminal = this.createTerminal(this.tailLines + Math.ceil(tail.length / this.cols));
        terminal.write(tail);
        parts.push(await render(terminal));
        terminal.dispose();
      }
    }
    this.tail = [];
    return { text: parts.filter((part) => part !== '').join('\n'), totalBytes: this.total, omittedBytes: omitted };
  }

  /** How many of these bytes still belong to the head. */
  private headTake(bytes: Buffer): number {
    let take = Math.min(this.headBytes - this.headFed, bytes.length);
    if (take <= 0) return 0;
    let position = bytes.indexOf(LINE_FEED);
    while (position !== -1 && position < take) {
      this.headLineFeeds++;
      if (this.headLineFeeds >= this.headLines) {
        take = position + 1;
        break;
      }
      position = bytes.indexOf(LINE_FEED, position + 1);
    }
    return take;
  }

  /** The end of the output, starting at a line start, at most tailBytes and tailLines long. */
  private tailToRender(): Buffer {
    let bytes = Buffer.concat(this.tail);
    let previous = this.tail.length > 0 && this.tailSize === this.afterHead ? this.lastHeadByte : -1;
    if (bytes.length > this.tailBytes) {
      previous = bytes[bytes.length - this.tailBytes - 1]!;
      bytes = bytes.subarray(bytes.length - this.tailBytes);
    }
    // Start at a line boundary so the emulator does not begin inside a line,
    // an escape sequence or a multi-byte character.
    if (previous !== LINE_FEED) {
      const firstLineFeed = bytes.indexOf(LINE_FEED);
      if (firstLineFeed !== -1) bytes = bytes.subarray(firstLineFeed + 1);
    }
    // Count line feeds back from the end (a final one ends the last line, it
    // does not start another). Offsets stay non-negative: a negative one
    // would make lastIndexOf count from the end again.
    let lineFeeds = 0;
    let position = bytes.length >= 2 ? bytes.lastIndexOf(LINE_FEED, bytes.length - 2) : -1;
    while (position !== -1) {
      if (++lineFeeds >= this.tailLines) {
        bytes = bytes.subarray(position + 1);
        break;
      }
      position = position > 0 ? bytes.lastIndexOf(LINE_FEED, position - 1) : -1;
    }
    return bytes;
  }

  private headTerminal(): HeadlessTerminal {
    return (this.head ??= this.createTerminal(this.headLines + Math.ceil(this.headBytes / this.cols)));
  }

  /**
   * Each byte adds at most one cell and each line feed at most one line, so
   * this scrollback holds everything fed without dropping a line off the top.
   */
  private createTerminal(lines: number): HeadlessTerminal {
    const { Terminal } = loadHeadless();
    return new Terminal({ cols: this.cols, rows: this.rows, scrollback: lines + this.rows, allowProposedApi: true });
  }
}

/** Waits for the emulator to parse everything written, then reads its buffer as text. */
async function render(terminal: HeadlessTerminal): Promise<string> {
  await new Promise<void>((resolve) => terminal.write('', resolve));
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let index = 0; index < buffer.length; index++) {
    const line = buffer.getLine(index);
    if (!line) continue;
    // A row that continues on the next one keeps its trailing spaces: they are
    // part of the long line, not padding.
    const continues = buffer.getLine(index + 1)?.isWrapped ?? false;
    const text = line.translateToString(!continues);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** Renders a complete output at once. */
export function renderTranscript(output: Uint8Array | string, options: StepTranscriptOptions): Promise<Transcript> {
  const transcript = new StepTranscript(options);
  transcript.write(output);
  return transcript.finish();
}
