import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { buildLineMarks } from './markdown-line-marks';

/** markdown-it's own tables for the text, from its own StateBlock. */
const md = new MarkdownIt();
function markdownItMarks(src: string) {
  const state = new md.block.State(src, md, {}, []);
  return { marks: { bMarks: state.bMarks, eMarks: state.eMarks, tShift: state.tShift, sCount: state.sCount, bsCount: state.bsCount }, lineMax: state.lineMax };
}

const AWKWARD = [
  '',
  '\n',
  '\n\n\n',
  'a',
  'a\n',
  'a\nb',
  '   ',
  '   \n',
  'a\n   ',
  'a\n \t ',
  'a\n\t\n',
  '\tx\n  \ty\n \t\tz',
  '    code\n\n  - item\n    more\n',
  ' \u00a0x\n',
  '\r\nx\r\n',
  'x\n\n   \n\t\n',
  '# T\n\n```sh {id=a}\necho hi\n```\n',
];

describe('buildLineMarks', () => {
  it.each(AWKWARD)('matches markdown-it on %j', (src) => {
    const expected = markdownItMarks(src);
    const marks = buildLineMarks(src);
    expect(marks).toEqual(expected.marks);
    expect(marks.bMarks.length - 1).toBe(expected.lineMax);
  });

  it('matches markdown-it on random text of blanks, tabs, newlines and letters', () => {
    const alphabet = [' ', '\t', '\n', 'a', '-', '>', '\u00a0'];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let round = 0; round < 2000; round++) {
      let src = '';
      const length = next() % 24;
      for (let i = 0; i < length; i++) src += alphabet[next() % alphabet.length];
      expect(buildLineMarks(src), JSON.stringify(src)).toEqual(markdownItMarks(src).marks);
    }
  });
});
