import { describe, expect, it } from 'vitest';
import { scanTerminalOutput, stripTerminalEscapes } from './terminal-escapes';

describe('terminal escape scanner', () => {
  it.each([
    ['SGR', 'a\x1b[1;31mb\x1b[0mc', 'abc'],
    ['cursor movement', 'a\x1b[2Kb\x1b[10;4Hc', 'abc'],
    ['private-mode CSI', 'a\x1b[?2004hb', 'ab'],
    ['OSC ended by BEL', 'a\x1b]0;title\x07b', 'ab'],
    ['OSC ended by ST', 'a\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\b', 'alinkb'],
    ['DCS', 'a\x1bPq#0;2;0;0;0\x1b\\b', 'ab'],
    ['charset selection', 'a\x1b(Bb', 'ab'],
    ['8-bit CSI', 'a\u009b31mb', 'ab'],
    ['8-bit OSC', 'a\u009d0;title\u009cb', 'ab'],
    ['8-bit DCS', 'a\u0090q#0\u009cb', 'ab'],
    ['8-bit SOS', 'a\u0098text\u009cb', 'ab'],
    ['8-bit PM', 'a\u009etext\u009cb', 'ab'],
    ['8-bit APC', 'a\u009ftext\u009cb', 'ab'],
  ])('strips %s', (_name, raw, visible) => {
    expect(stripTerminalEscapes(raw)).toBe(visible);
  });

  it('reports an unfinished sequence at the end instead of treating it as text', () => {
    const scan = scanTerminalOutput('ab\x1b]0;tit', false);
    expect(scan.completeEnd).toBe(2);
    expect(scanTerminalOutput('ab\x1b]0;tit', true).completeEnd).toBe(9);
  });

  it('gives the payload range of a string sequence', () => {
    const raw = '\x1b]633;E;ls\x07';
    const token = scanTerminalOutput(raw, false).tokens[0];
    expect(raw.slice(token?.payloadStart, token?.payloadEnd)).toBe('633;E;ls');
  });

  it('keeps C1 characters that start no sequence, and sequences after long plain text, as before', () => {
    const plain = 'x'.repeat(10_000);
    expect(stripTerminalEscapes(`a\u0085b\u009cc`)).toBe('a\u0085b\u009cc');
    expect(stripTerminalEscapes(`${plain}\x1b[1m${plain}\x1b]0;t\x07!`)).toBe(`${plain}${plain}!`);
    const scan = scanTerminalOutput(`${plain}\x1b[1m`, false);
    expect(scan.tokens.map((token) => [token.kind, token.start, token.end])).toEqual([
      ['text', 0, 10_000],
      ['csi', 10_000, 10_004],
    ]);
  });
});
