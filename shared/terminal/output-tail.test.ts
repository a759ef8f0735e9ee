import { describe, expect, it } from 'vitest';
import { lastLines, renderPlainLines, stepRunLines } from './output-tail';
import { stepHeaderLines, stepHeaderOutput } from './step-header';
import { formatShellMark } from './shell-marks';

const header = stepHeaderLines({ stepId: 'check', title: 'Check the queue', code: 'echo one\nexit 1' });

describe('renderPlainLines', () => {
  it('drops colours and other escape sequences, keeping the text', () => {
    expect(renderPlainLines('\x1b[31merror:\x1b[0m disk \x1b[1mfull\x1b[0m\r\n\x1b]0;title\x07ok\r\n')).toEqual(['error: disk full', 'ok', '']);
  });

  it('resolves carriage-return redraws to what the progress bar finally showed', () => {
    const bar = ['[#    ] 20%', '[##   ] 40%', '[#####] 100%'].map((frame) => `\r${frame}`).join('') + '\r\ndone\r\n';
    expect(renderPlainLines(bar)).toEqual(['[#####] 100%', 'done', '']);
  });

  it('keeps what a shorter redraw did not overwrite, unless the line was erased (CSI K)', () => {
    expect(renderPlainLines('downloading 12345\rsaved\n')).toEqual(['savedoading 12345', '']);
    expect(renderPlainLines('downloading 12345\rsaved\x1b[K\n')).toEqual(['saved', '']);
    expect(renderPlainLines('abcdef\x1b[2Kxyz\n')).toEqual(['      xyz', '']);
  });

  it('follows a multi-line progress display that moves the cursor up to redraw', () => {
    const frames = 'layer a: 10%\nlayer b: 10%\n\x1b[2A\rlayer a: done\x1b[K\n\rlayer b: done\x1b[K\n';
    expect(renderPlainLines(frames)).toEqual(['layer a: done', 'layer b: done', '']);
  });

  it('handles backspace, tabs and cursor columns', () => {
    expect(renderPlainLines('abc\bX\n')).toEqual(['abX', '']);
    expect(renderPlainLines('a\tb\n')).toEqual(['a       b', '']);
    expect(renderPlainLines('12345\x1b[3Gx\n')).toEqual(['12x45', '']);
  });

  it('removes shell-integration marks even when they carry text-like payloads', () => {
    const marks = formatShellMark({ kind: 'commandLine', commandLine: 'echo visible?', exact: true }, 'n0nce') + formatShellMark({ kind: 'commandFinished', exitCode: 1 }, 'n0nce', { terminator: 'st' });
    expect(renderPlainLines(`last line\r\n${marks}`)).toEqual(['last line', '']);
  });

  it('bounds hostile cursor moves', () => {
    const [line] = renderPlainLines('\x1b[99999999Cx');
    expect(line!.length).toBeLessThanOrEqual(4097);
  });
});

describe('stepRunLines', () => {
  it('takes off the header Firebreak printed before the step, and trailing blank lines', () => {
    const raw = `${stepHeaderOutput(header)}one\r\ntwo\r\n\r\n`;
    expect(stepRunLines(raw, { header, stepId: 'check' })).toEqual(['one', 'two']);
  });

  it('recognises the header of a run whose step has since been edited', () => {
    const old = stepHeaderLines({ stepId: 'check', title: 'Old title', code: 'echo one\necho two\nexit 1' });
    const raw = `${stepHeaderOutput(old)}one\r\n`;
    expect(stepRunLines(raw, { header, stepId: 'check' })).toEqual(['one']);
  });

  it('keeps output that only looks like a header of another step', () => {
    const raw = '── Something (step other)\r\n$ ls\r\n';
    expect(stepRunLines(raw, { header, stepId: 'check' })).toEqual(['── Something (step other)', '$ ls']);
  });

  it('drops the first, partial line when the recorded bytes were cut at the start', () => {
    expect(stepRunLines('\x9b1;2mid-line fragment\r\nwhole line\r\n', { header, stepId: 'check', cutAtStart: true })).toEqual(['whole line']);
  });
});

describe('lastLines', () => {
  it('keeps the last N lines and says how many came before', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
    expect(lastLines(lines, 5)).toEqual({ lines: ['line 8', 'line 9', 'line 10', 'line 11', 'line 12'], hidden: 7 });
    expect(lastLines(lines.slice(0, 3), 5)).toEqual({ lines: ['line 1', 'line 2', 'line 3'], hidden: 0 });
  });

  it('cuts very long lines', () => {
    expect(lastLines(['x'.repeat(500)], 5, 300).lines[0]).toBe(`${'x'.repeat(300)}…`);
  });
});

it('a failing step: header, coloured output, a progress bar, then the last five lines', () => {
  const raw =
    stepHeaderOutput(header) +
    Array.from({ length: 8 }, (_, i) => `\x1b[32mline ${i + 1}\x1b[0m\r\n`).join('') +
    '\rprogress 10%\rprogress 60%\rprogress 100%\r\n' +
    '\x1b[31mfatal: queue stuck\x1b[0m\r\n';
  const tail = lastLines(stepRunLines(raw, { header, stepId: 'check' }), 5);
  expect(tail).toEqual({ lines: ['line 6', 'line 7', 'line 8', 'progress 100%', 'fatal: queue stuck'], hidden: 5 });
});
