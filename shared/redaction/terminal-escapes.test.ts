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
});
