import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NEGATIVE_SAMPLES, SECRET_PARAM_VALUE, SECRET_SAMPLES, SECRET_STRINGS } from './fixtures/secret-corpus';
import { createStreamingRedactor, redactTerminalText, type StreamingRedactorOptions } from './streaming-redactor';
import { stripTerminalEscapes } from './terminal-escapes';

const RED = '\x1b[31m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

/** Feeds `chunks` through one redactor and joins everything it releases. */
function streamThrough(chunks: readonly string[], options: StreamingRedactorOptions = {}): string {
  const redactor = createStreamingRedactor(options);
  return chunks.map((chunk) => redactor.push(chunk)).join('') + redactor.flush();
}

/** Splits `text` at the given (sorted, deduplicated) positions. */
function splitAt(text: string, positions: readonly number[]): string[] {
  const cuts = [...new Set(positions.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    chunks.push(text.slice(from, cut));
    from = cut;
  }
  chunks.push(text.slice(from));
  return chunks;
}

/** Puts an SGR sequence between every few characters of `secret`, as a colourising tool might. */
function interleaveEscapes(secret: string): string {
  let out = '';
  for (let i = 0; i < secret.length; i++) out += (i % 5 === 2 ? (i % 2 ? BOLD : RED) : '') + secret.charAt(i);
  return out + RESET;
}

function expectNoSecret(output: string, secrets: readonly string[]): void {
  const visible = stripTerminalEscapes(output);
  for (const secret of secrets) {
    expect(visible).not.toContain(secret);
    expect(output).not.toContain(secret);
  }
}

const corpusOutput = SECRET_SAMPLES.map((sample, i) => `[${i}] ${sample.line}\r\n`).join('');

describe('streaming redactor', () => {
  it('masks a secret split at every position between two chunks', () => {
    for (const sample of SECRET_SAMPLES) {
      const text = `$ run\r\n${sample.line}\r\ndone\r\n`;
      for (let cut = 0; cut <= text.length; cut++) {
        const out = streamThrough([text.slice(0, cut), text.slice(cut)]);
        expectNoSecret(out, [sample.secret]);
        expect(out).toBe(redactTerminalText(text));
      }
    }
  });

  it('gives the same output however the corpus is chunked (fast-check)', () => {
    const whole = redactTerminalText(corpusOutput);
    expectNoSecret(whole, SECRET_STRINGS);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (positions) => {
        expect(streamThrough(splitAt(corpusOutput, positions))).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('masks secrets interleaved with SGR sequences at any chunking (fast-check)', () => {
    const text = SECRET_SAMPLES.map((sample) => `${sample.line.replace(sample.secret, interleaveEscapes(sample.secret))}\r\n`).join('');
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), (positions) => {
        expectNoSecret(streamThrough(splitAt(text, positions)), SECRET_STRINGS);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the escape sequences inside a masked range so colour state survives', () => {
    const out = redactTerminalText(`key ${interleaveEscapes('AKIAQX7RZ2MNB4VT6PLE')} ok`);
    expect(out).toBe(`key [REDACTED:aws-access-key]${RED}${BOLD}${RED}${BOLD}${RESET} ok`);
  });

  it('redacts the payload of OSC sequences (window titles, shell-integration command lines)', () => {
    const osc = `\x1b]633;E;mysql --password=hunter2-Prod!x9;nonce\x07`;
    const out = redactTerminalText(`${osc}$ `);
    expect(out).toBe('\x1b]633;E;mysql --password=[REDACTED:password-assignment];nonce\x07$ ');
  });

  it('masks a secret param value split across many chunks and escapes', () => {
    const text = `echo ${RED}${SECRET_PARAM_VALUE}${RESET}\r\n`;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 20 }), (positions) => {
        const out = streamThrough(splitAt(text, positions), { secretValues: [SECRET_PARAM_VALUE] });
        expectNoSecret(out, [SECRET_PARAM_VALUE]);
        expect(stripTerminalEscapes(out)).toBe('echo [REDACTED:secret-param]\r\n');
      }),
    );
  });

  it('passes normal output through unchanged, escapes and all', () => {
    const text = NEGATIVE_SAMPLES.map((line) => `${BOLD}${line}${RESET}\r\n`).join('');
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 20 }), (positions) => {
        expect(streamThrough(splitAt(text, positions))).toBe(text);
      }),
      { numRuns: 100 },
    );
  });

  it('swallows a private key block much longer than the look-behind, split anywhere', () => {
    const body = Array.from({ length: 60 }, (_, i) => `MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt${String(i).padStart(4, '0')}`);
    const key = ['-----BEGIN PRIVATE KEY-----', ...body, '-----END PRIVATE KEY-----'].join('\r\n');
    const text = `before\r\n${key}\r\nafter\r\n`;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (positions) => {
        const out = streamThrough(splitAt(text, positions), { lookBehindChars: 128 });
        expect(out).toBe('before\r\n[REDACTED:private-key]\r\nafter\r\n');
      }),
      { numRuns: 200 },
    );
  });

  it('holds a JWT longer than the look-behind until it can be recognised', () => {
    const token = `eyJhbGciOiJIUzI1NiJ9.eyJ${'x'.repeat(3000)}.sig123`;
    const text = `session=${token} next line\r\n`;
    const out = streamThrough(splitAt(text, [100, 700, 1500, 2600, 3000]));
    expect(out).toBe('session=[REDACTED:jwt] next line\r\n');
  });

  it('masks a token longer than the pending cap through its end', () => {
    const text = `Authorization: Bearer ${'Zx8K2mP7qR4tV8wZ'.repeat(400)} next\r\n`;
    const chunks = splitAt(text, Array.from({ length: 60 }, (_, i) => i * 113));
    const out = streamThrough(chunks, { lookBehindChars: 128 });
    expect(out).toBe('Authorization: Bearer [REDACTED:bearer-token] next\r\n');
  });

  it('keeps held text bounded while output streams without secrets', () => {
    const redactor = createStreamingRedactor({ lookBehindChars: 64 });
    let released = 0;
    const line = 'INFO orders-api request handled in 12ms status=200\r\n';
    for (let i = 0; i < 2000; i++) released += redactor.push(line).length;
    // Everything except at most the look-behind plus one line has come out.
    expect(line.length * 2000 - released).toBeLessThanOrEqual(64 + line.length);
    expect(released + redactor.flush().length).toBe(line.length * 2000);
  });

  it('holds an escape sequence cut in half until its end arrives', () => {
    const redactor = createStreamingRedactor({ lookBehindChars: 1 });
    expect(redactor.push('a b\x1b[3')).toBe('a ');
    expect(redactor.push('1m c')).toBe('b\x1b[31m ');
    expect(redactor.flush()).toBe('c');
  });
});
