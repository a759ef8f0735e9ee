import { describe, expect, it } from 'vitest';
import { PlainOutput } from './plain-output';

/** A run's terminal bytes as the review captured them (firebreak run … > file). */
const RAW =
  "\x1b[?2004hroot@vm:~# . '/tmp/firebreak-steps-YAjDG7/check-disk.2ad45a90.sh'\r\r\n" +
  '\x1b[?2004l\r\x1b[2m── Check disk (step check-disk)\x1b[0m\r\r\n' +
  '\x1b[2m$ echo "disk line 1"\x1b[0m\r\r\n' +
  'disk line 1\r\r\n' +
  '\x1b[?2004hroot@vm:~# ';

describe('PlainOutput', () => {
  it('turns terminal bytes into plain text: no control sequences, LF line ends, no internal source line, no last prompt', () => {
    const plain = new PlainOutput();
    // Fed in awkward pieces, as the pty delivers them.
    let out = '';
    for (let at = 0; at < RAW.length; at += 7) out += plain.push(RAW.slice(at, at + 7));
    out += plain.end();
    expect(out).toBe('── Check disk (step check-disk)\n$ echo "disk line 1"\ndisk line 1\n');
  });

  it('keeps what a step prints on a line of its own, and a last line without a newline', () => {
    const plain = new PlainOutput();
    expect(plain.push('50%\r100%\r\nno newline')).toBe('50%\n100%\n');
    expect(plain.end()).toBe('no newline\n');
  });
});
