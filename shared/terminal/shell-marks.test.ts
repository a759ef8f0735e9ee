import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeMarkValue,
  formatShellMark,
  passthroughText,
  ShellMarkParser,
  unescapeMarkValue,
  type ShellMark,
  type ShellStreamEvent,
} from './shell-marks';

const NONCE = 'n0nce4f1rebreak';

function parseWhole(input: string, nonce = NONCE): ShellStreamEvent[] {
  const parser = new ShellMarkParser(nonce);
  return [...parser.push(input), ...parser.end()];
}

function parseInChunks(chunks: string[], nonce = NONCE): ShellStreamEvent[] {
  const parser = new ShellMarkParser(nonce);
  const events: ShellStreamEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return events;
}

/** Adjacent text events carry no meaning of their own; merge them so two parses compare by content. */
function normalise(events: ShellStreamEvent[]): ShellStreamEvent[] {
  const out: ShellStreamEvent[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (event.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', text: last.text + event.text };
    else if (event.type !== 'text' || event.text !== '') out.push(event);
  }
  return out;
}

function marksOf(events: ShellStreamEvent[]): ShellMark[] {
  return events.flatMap((event) => (event.type === 'mark' ? [event.mark] : []));
}

function splitAt(input: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (input.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let previous = 0;
  for (const point of points) {
    chunks.push(input.slice(previous, point));
    previous = point;
  }
  chunks.push(input.slice(previous));
  return chunks;
}

describe('ShellMarkParser', () => {
  it('reads every 633 mark the integration scripts emit', () => {
    const input =
      `${formatShellMark({ kind: 'cwd', cwd: '/home/a;b\\c' }, NONCE)}` +
      `${formatShellMark({ kind: 'promptStart' }, NONCE)}$ ${formatShellMark({ kind: 'commandStart' }, NONCE)}echo hi\r\n` +
      `${formatShellMark({ kind: 'commandLine', commandLine: 'echo hi; ls', exact: true }, NONCE)}` +
      `${formatShellMark({ kind: 'outputStart' }, NONCE)}hi\r\n` +
      `${formatShellMark({ kind: 'commandFinished', exitCode: 127 }, NONCE, { terminator: 'st' })}`;
    const events = parseWhole(input);
    expect(marksOf(events)).toEqual([
      { kind: 'cwd', cwd: '/home/a;b\\c' },
      { kind: 'promptStart' },
      { kind: 'commandStart' },
      { kind: 'commandLine', commandLine: 'echo hi; ls', exact: true },
      { kind: 'outputStart' },
      { kind: 'commandFinished', exitCode: 127 },
    ]);
    expect(passthroughText(events)).toBe('$ echo hi\r\nhi\r\n');
  });

  it('reports where each mark sits in the passthrough text and in the input', () => {
    const mark = formatShellMark({ kind: 'outputStart' }, NONCE);
    const events = parseWhole(`abc${mark}def`);
    expect(events).toEqual([
      { type: 'text', text: 'abc' },
      { type: 'mark', mark: { kind: 'outputStart' }, protocol: 'osc633', textOffset: 3, streamOffset: 3, raw: mark },
      { type: 'text', text: 'def' },
    ]);
  });

  it('reads FinalTerm OSC 133 marks carrying the nonce', () => {
    const events = parseWhole(`\x1b]133;A;${NONCE}\x07$ \x1b]133;D;2;${NONCE}\x1b\\`);
    expect(marksOf(events)).toEqual([{ kind: 'promptStart' }, { kind: 'commandFinished', exitCode: 2 }]);
    expect(events.filter((event) => event.type === 'mark').map((event) => event.type === 'mark' && event.protocol)).toEqual(['osc133', 'osc133']);
  });

  it('passes a forged mark through as output: wrong nonce, no nonce, or the nonce not last', () => {
    const forged = [
      `\x1b]633;D;0;not-the-nonce\x07`,
      `\x1b]633;D;0\x07`,
      `\x1b]633;C\x07`,
      `\x1b]133;D;0\x07`,
      `\x1b]633;E;rm -rf /;${NONCE};x\x07`,
    ];
    for (const sequence of forged) {
      const events = parseWhole(`before${sequence}after`);
      expect(marksOf(events)).toEqual([]);
      expect(passthroughText(events)).toBe(`before${sequence}after`);
    }
  });

  it('leaves other escape sequences (colours, titles, OSC 8 links) untouched', () => {
    const input = '\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x1b]6330;x\x07 \x1b]13;y\x07';
    const events = parseWhole(input);
    expect(marksOf(events)).toEqual([]);
    expect(passthroughText(events)).toBe(input);
  });

  it('lets an interrupted sequence go and still finds the real mark that interrupts it', () => {
    const real = formatShellMark({ kind: 'commandFinished', exitCode: 1 }, NONCE);
    const input = `\x1b]633;D;0;${real}tail`;
    const events = parseWhole(input);
    expect(marksOf(events)).toEqual([{ kind: 'commandFinished', exitCode: 1 }]);
    expect(passthroughText(events)).toBe('\x1b]633;D;0;tail');
  });

  it('treats a mark interrupted by a newline as output', () => {
    const events = parseWhole(`\x1b]633;A\n;${NONCE}\x07`);
    expect(marksOf(events)).toEqual([]);
    expect(passthroughText(events)).toBe(`\x1b]633;A\n;${NONCE}\x07`);
  });

  it('releases an unterminated mark once it passes the size cap, without losing a character', () => {
    const parser = new ShellMarkParser(NONCE, { maxMarkChars: 64 });
    const input = `\x1b]633;E;${'x'.repeat(200)}`;
    const events = [...parser.push(input.slice(0, 30)), ...parser.push(input.slice(30))];
    expect(parser.heldChars).toBe(0);
    expect(passthroughText(events)).toBe(input);
  });

  it('holds a possible mark start at the end of a chunk and releases it at the end of the stream', () => {
    const parser = new ShellMarkParser(NONCE);
    expect(passthroughText(parser.push('text\x1b]63'))).toBe('text');
    expect(parser.heldChars).toBe(4);
    expect(passthroughText(parser.end())).toBe('\x1b]63');
  });

  it('reads a D mark without an exit code as "unknown"', () => {
    expect(marksOf(parseWhole(`\x1b]633;D;${NONCE}\x07`))).toEqual([{ kind: 'commandFinished', exitCode: null }]);
  });

  it('reads an inexact command line and other properties', () => {
    const events = parseWhole(`\x1b]633;E;ls -la;inexact;${NONCE}\x07\x1b]633;P;IsWindows=False;${NONCE}\x07\x1b]633;F;${NONCE}\x07`);
    expect(marksOf(events)).toEqual([
      { kind: 'commandLine', commandLine: 'ls -la', exact: false },
      { kind: 'property', name: 'IsWindows', value: 'False' },
      { kind: 'other', code: 'F', params: [] },
    ]);
  });

  it('refuses a nonce that could not be matched reliably', () => {
    expect(() => new ShellMarkParser('')).toThrow(/nonce/);
    expect(() => new ShellMarkParser('short')).toThrow(/nonce/);
    expect(() => new ShellMarkParser('has;semicolon-x')).toThrow(/nonce/);
  });
});

describe('mark value escaping', () => {
  it('escapes as VS Code does: \\ doubled, ; and control characters as \\xNN', () => {
    expect(escapeMarkValue('a;b\\c\nd\te')).toBe('a\\x3bb\\\\c\\x0ad\\x09e');
    expect(unescapeMarkValue('a\\x3bb\\\\c\\x0ad')).toBe('a;b\\c\nd');
    // A literal "\x41" typed by the user survives the round trip.
    expect(unescapeMarkValue(escapeMarkValue('echo "\\x41"'))).toBe('echo "\\x41"');
  });

  it('round-trips any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(unescapeMarkValue(escapeMarkValue(value))).toBe(value);
      }),
    );
  });
});

// Text that is dense in the characters that matter to the parser.
const trickyChar = fc.constantFrom('\x1b', ']', '6', '3', '1', ';', '\x07', '\\', 'A', 'D', 'E', '0', '\n', '\r', 'é', '🔥', 'x', '[', 'm');
const trickyText = fc.array(trickyChar, { maxLength: 40 }).map((chars) => chars.join(''));

const anyMark: fc.Arbitrary<ShellMark> = fc.oneof(
  fc.constant<ShellMark>({ kind: 'promptStart' }),
  fc.constant<ShellMark>({ kind: 'commandStart' }),
  fc.constant<ShellMark>({ kind: 'outputStart' }),
  fc.option(fc.integer({ min: 0, max: 255 }), { nil: null }).map<ShellMark>((exitCode) => ({ kind: 'commandFinished', exitCode })),
  fc.tuple(fc.string({ unit: 'binary', maxLength: 30 }), fc.boolean()).map<ShellMark>(([commandLine, exact]) => ({ kind: 'commandLine', commandLine, exact })),
  fc.string({ unit: 'binary', maxLength: 30 }).map<ShellMark>((cwd) => ({ kind: 'cwd', cwd })),
);

type Segment = { kind: 'text'; text: string } | { kind: 'mark'; mark: ShellMark; raw: string } | { kind: 'forged'; raw: string };

const segment: fc.Arbitrary<Segment> = fc.oneof(
  trickyText.map<Segment>((text) => ({ kind: 'text', text })),
  fc
    .tuple(anyMark, fc.constantFrom<'osc633' | 'osc133'>('osc633', 'osc133'), fc.constantFrom<'bel' | 'st'>('bel', 'st'))
    // OSC 133 has no E or P; the integration never sends them that way.
    .filter(([mark, protocol]) => protocol === 'osc633' || !['commandLine', 'cwd'].includes(mark.kind))
    .map<Segment>(([mark, protocol, terminator]) => ({ kind: 'mark', mark, raw: formatShellMark(mark, NONCE, { protocol, terminator }) })),
  fc
    .tuple(anyMark, fc.constantFrom('wrong-nonce-1', 'n0nce4f1rebreaX'))
    .map<Segment>(([mark, nonce]) => ({ kind: 'forged', raw: formatShellMark(mark, nonce) })),
);

describe('ShellMarkParser, property-based', () => {
  it('finds exactly the real marks and passes everything else through, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 25 }), fc.array(fc.nat(), { maxLength: 12 }), (segments, cuts) => {
        const input = segments.map((part) => (part.kind === 'text' ? part.text : part.raw)).join('');
        const events = parseInChunks(splitAt(input, cuts));
        expect(marksOf(events)).toEqual(segments.flatMap((part) => (part.kind === 'mark' ? [part.mark] : [])));
        let expectedText = '';
        const expectedOffsets: number[] = [];
        for (const part of segments) {
          if (part.kind === 'mark') expectedOffsets.push(expectedText.length);
          else expectedText += part.kind === 'text' ? part.text : part.raw;
        }
        expect(passthroughText(events)).toBe(expectedText);
        expect(events.flatMap((event) => (event.type === 'mark' ? [event.textOffset] : []))).toEqual(expectedOffsets);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same events for any split of any stream, and loses no character', () => {
    const stream = fc.array(fc.oneof(trickyText, segment.map((part) => (part.kind === 'text' ? part.text : part.raw))), { maxLength: 20 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 20 }), (input, cuts) => {
        const whole = normalise(parseWhole(input));
        const chunked = normalise(parseInChunks(splitAt(input, cuts)));
        expect(chunked).toEqual(whole);
        // Putting each mark's raw text back at its offset rebuilds the input exactly.
        let rebuilt = '';
        let text = passthroughText(whole);
        let taken = 0;
        for (const event of whole) {
          if (event.type !== 'mark') continue;
          rebuilt += text.slice(taken, event.textOffset) + event.raw;
          expect(event.streamOffset).toBe(rebuilt.length - event.raw.length);
          taken = event.textOffset;
        }
        rebuilt += text.slice(taken);
        text = '';
        expect(rebuilt).toBe(input);
      }),
      { numRuns: 2000 },
    );
  });

  it('survives every single-character split of a realistic prompt cycle', () => {
    const input =
      `${formatShellMark({ kind: 'commandFinished', exitCode: 0 }, NONCE)}${formatShellMark({ kind: 'cwd', cwd: '/tmp' }, NONCE)}` +
      `${formatShellMark({ kind: 'promptStart' }, NONCE)}\x1b[32muser@host\x1b[0m:/tmp$ ${formatShellMark({ kind: 'commandStart' }, NONCE)}`;
    const expected = normalise(parseWhole(input));
    for (let cut = 0; cut <= input.length; cut++) {
      expect(normalise(parseInChunks([input.slice(0, cut), input.slice(cut)]))).toEqual(expected);
    }
    expect(normalise(parseInChunks([...input]))).toEqual(expected);
  });
});
