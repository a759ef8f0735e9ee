import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

/**
 * markdown-it's block state for the runbook parser's own instance, with the
 * line table built faster. markdown-it's constructor (lib/rules_block/
 * state_block.mjs in 14.x) looks at every character of the source to find
 * line ends; on a 1 MB runbook that loop is a sixth of the whole parse.
 * Here only a line's leading blanks are looked at one by one and its end is
 * found with indexOf, which the engine does far faster. The tables come out
 * equal, quirks included (see buildLineMarks); markdown-line-marks.test.ts
 * compares them with markdown-it's on awkward text.
 */
export function useFastLineMarks(markdown: MarkdownIt): void {
  const BaseState = markdown.block.State;
  class RunbookBlockState extends BaseState {
    constructor(src: string, md: MarkdownIt, env: unknown, tokens: Token[]) {
      // The base constructor with an empty text only sets the fields up (and adds its one sentinel line).
      super('', md, env, tokens);
      this.src = src;
      const marks = buildLineMarks(src);
      this.bMarks = marks.bMarks;
      this.eMarks = marks.eMarks;
      this.tShift = marks.tShift;
      this.sCount = marks.sCount;
      this.bsCount = marks.bsCount;
      this.lineMax = marks.bMarks.length - 1;
      // Handed back to the caller through env: the runbook parser reads its lines from these instead of finding them again.
      if (env && typeof env === 'object') (env as LineMarksEnv).lineMarks = marks;
    }
  }
  markdown.block.State = RunbookBlockState;
}

/** What the state leaves in the env passed to markdown-it's parse: the line tables it built (unchanged once parsing ends). */
export interface LineMarksEnv {
  lineMarks?: LineMarks;
}

/** markdown-it's per-line tables: where each line begins and ends, its indent in characters and in columns. */
export interface LineMarks {
  bMarks: number[];
  eMarks: number[];
  tShift: number[];
  sCount: number[];
  bsCount: number[];
}

/**
 * The tables markdown-it's StateBlock constructor builds, the same way:
 * a line's indent counts spaces and tabs (a tab to the next multiple of 4
 * columns); a line ends at its `\n` (or the end of the text); a last line of
 * only blanks with no `\n` after it is left out, as markdown-it leaves it
 * out; and one sentinel line at the end of the text closes each table.
 */
export function buildLineMarks(src: string): LineMarks {
  const bMarks: number[] = [];
  const eMarks: number[] = [];
  const tShift: number[] = [];
  const sCount: number[] = [];
  const bsCount: number[] = [];
  const length = src.length;
  let start = 0;
  while (start < length) {
    let pos = start;
    let indent = 0;
    let offset = 0;
    for (; pos < length; pos++) {
      const char = src.charCodeAt(pos);
      if (char === 0x20) offset++;
      else if (char === 0x09) offset += 4 - (offset % 4);
      else break;
      indent++;
    }
    if (pos >= length) break;
    const newline = src.indexOf('\n', pos);
    const end = newline === -1 ? length : newline;
    bMarks.push(start);
    eMarks.push(end);
    tShift.push(indent);
    sCount.push(offset);
    bsCount.push(0);
    start = end + 1;
  }
  bMarks.push(length);
  eMarks.push(length);
  tShift.push(0);
  sCount.push(0);
  bsCount.push(0);
  return { bMarks, eMarks, tShift, sCount, bsCount };
}
