import { describe, expect, it } from 'vitest';
import * as pty from 'node-pty';
import { renderTranscript, StepTranscript, truncationMarker } from './transcript';

const COLS = 80;

describe('renderTranscript', () => {
  it('resolves carriage returns, colours, cursor movement and erasing', async () => {
    const output = [
      'downloading  10%\rdownloading  55%\rdownloading 100%\r\n',
      '\x1b[1;31mred bold\x1b[0m and \x1b[38;5;42mgreen\x1b[0m\r\n',
      'abc\x1b[2Dx\r\n',
      'first\r\nsecond\x1b[1A\rFIRST\r\n\r\n',
      'to be erased\r\x1b[2Kreplaced\r\n',
      '\x1b]0;window title\x07titled\r\n',
    ].join('');
    const { text, omittedBytes } = await renderTranscript(output, { cols: COLS });
    expect(text).toBe(['downloading 100%', 'red bold and green', 'axc', 'FIRST', 'second', 'replaced', 'titled'].join('\n'));
    expect(omittedBytes).toBe(0);
  });

  it('joins a line the terminal wrapped, keeping spaces at the wrap point', async () => {
    const long = `${'a'.repeat(COLS - 1)} ${'b'.repeat(100)}`;
    const { text } = await renderTranscript(`${long}\r\nnext\r\n`, { cols: COLS });
    expect(text).toBe(`${long}\nnext`);
  });

  it('decodes UTF-8 split across writes at any byte', async () => {
    const bytes = Buffer.from('✓ deployed 🔥 café\r\n', 'utf8');
    const transcript = new StepTranscript({ cols: COLS });
    for (const byte of bytes) transcript.write(Uint8Array.of(byte));
    expect((await transcript.finish()).text).toBe('✓ deployed 🔥 café');
  });

  it('keeps the head and the tail and states exactly how many bytes it left out', async () => {
    // 1000 lines of 12 bytes: the head takes 100 lines, the tail 50.
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${String(i + 1).padStart(5, '0')}\r\n`);
    const transcript = new StepTranscript({ cols: COLS, headBytes: 1200, tailBytes: 600 });
    for (const line of lines) transcript.write(line);
    const result = await transcript.finish();
    expect(result.totalBytes).toBe(12_000);
    expect(result.omittedBytes).toBe(12_000 - 1200 - 600);
    const out = result.text.split('\n');
    expect(out.slice(0, 100)).toEqual(lines.slice(0, 100).map((line) => line.trim()));
    expect(out[100]).toBe(truncationMarker(10_200));
    expect(out[100]).toBe('[… 10,200 bytes of output left out of this transcript …]');
    expect(out.slice(101)).toEqual(lines.slice(950).map((line) => line.trim()));
  });

  it('caps the head by lines too, and starts the tail at a line boundary', async () => {
    const transcript = new StepTranscript({ cols: COLS, headLines: 3, tailBytes: 10 });
    transcript.write('1\r\n2\r\n3\r\n4\r\n5\r\nlast line that is long\r\n');
    const result = await transcript.finish();
    // The tail's 10 bytes begin inside "last line ...": that partial line is left out too.
    expect(result.text).toBe(['1', '2', '3', truncationMarker(result.omittedBytes)].join('\n'));
    expect(result.omittedBytes).toBe(result.totalBytes - 9);
  });

  it('keeps a single 10 MB line bounded', async () => {
    const transcript = new StepTranscript({ cols: COLS });
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 10; i++) transcript.write(chunk);
    transcript.write('\r\nthe end\r\n');
    const result = await transcript.finish();
    expect(result.totalBytes).toBe(10 * 1024 * 1024 + 11);
    expect(result.text.length).toBeLessThan(100 * 1024);
    expect(result.text).toContain(truncationMarker(result.omittedBytes));
    expect(result.text.endsWith('the end')).toBe(true);
  });

  it('renders the output of a real program on a real pty', async () => {
    // The sleep keeps the program alive until its output is read: node-pty can
    // drop a fast-exiting program's tail (microsoft/node-pty#726), which the
    // engine's capture handles; this test is about rendering.
    const child = pty.spawn('/bin/sh', ['-c', `printf 'working...\\r\\033[Kdone: \\033[32mok\\033[0m\\n'; printf 'exit soon\\n'; sleep 0.2`], {
      cols: COLS,
      rows: 24,
      env: { PATH: process.env.PATH!, TERM: 'xterm-256color' },
      encoding: null,
    } as pty.IPtyForkOptions);
    const transcript = new StepTranscript({ cols: COLS });
    child.onData((chunk: string | Buffer) => transcript.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    await new Promise<void>((resolve) => child.onExit(() => resolve()));
    expect((await transcript.finish()).text).toBe('done: ok\nexit soon');
  });

  it('refuses writes after finishing', async () => {
    const transcript = new StepTranscript({ cols: COLS });
    await transcript.finish();
    expect(() => transcript.write('late')).toThrow(/finished/);
  });
});
