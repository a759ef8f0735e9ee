import type { LineMarks } from './markdown-line-marks';

/**
 * Lines of a text by number, without splitting the whole text: a 1 MB
 * runbook has tens of thousands of lines and the parser looks at a few per
 * code block. The line table is the one markdown-it built for the same text
 * (markdown-line-marks.ts), so finding the lines costs nothing more.
 * markdown-it leaves out a last line of only blanks with no newline after
 * it and the empty text after a final newline; nothing asked of this class
 * depends on those (they hold no block, and blankFrom counts them as blank).
 */
export class SourceLines {
  readonly length: number;

  constructor(
    private readonly text: string,
    private readonly marks: LineMarks,
  ) {
    this.length = marks.bMarks.length - 1;
  }

  /** The 0-based line `index` without its newline; '' past the end. */
  get(index: number): string {
    if (index < 0 || index >= this.length) return '';
    return this.text.slice(this.marks.bMarks[index]!, this.marks.eMarks[index]!);
  }

  /** Whether every line from `index` on is blank. */
  blankFrom(index: number): boolean {
    if (index >= this.length) return true;
    return this.text.slice(this.marks.bMarks[index]!).trim() === '';
  }
}
