/**
 * The header a step prints before its commands run, one entry a line: its
 * title, then each line of its code as written (params by name, never their
 * values), so the terminal and the recorded session show what ran, not only
 * the line that sourced it. The step's own output (its transcript, each
 * run's output in the exports) is what follows the header.
 */
export function stepHeaderLines(options: { stepId: string; title?: string; code: string }): string[] {
  const code = options.code.replace(/\s+$/, '');
  return [`── ${options.title ?? options.stepId} (step ${options.stepId})`, ...code.split('\n').map((line) => `$ ${line}`)];
}

const DIM = '\x1b[2m';
const UNDIM = '\x1b[0m';

/** The header exactly as the terminal receives it (dimmed; the pty turns each \\n into \\r\\n). */
export function stepHeaderOutput(lines: string[]): string {
  return lines.map((line) => `${DIM}${line}${UNDIM}\r\n`).join('');
}
