/**
 * Lines of a text by number, without splitting the whole text: a 1 MB
 * runbook has tens of thousands of lines and the parser looks at a few per
 * code block, so it keeps only where each line starts.
 */
export class SourceLines {
  private readonly starts: Int32Array;
  readonly length: number;

  constructor(private readonly text: string) {
    let count = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    this.starts = new Int32Array(count + 1);
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts[line++] = i + 1;
    this.starts[count] = text.length + 1;
    this.length = count;
  }

  /** The 0-based line `index` without its newline; '' past the end. */
  get(index: number): string {
    if (index < 0 || index >= this.length) return '';
    return this.text.slice(this.starts[index]!, this.starts[index + 1]! - 1);
  }

  /** Whether every line from `index` on is blank. */
  blankFrom(index: number): boolean {
    if (index >= this.length) return true;
    return this.text.slice(this.starts[index]!).trim() === '';
  }
}
