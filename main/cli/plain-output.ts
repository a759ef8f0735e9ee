import { stripVTControlCharacters } from 'node:util';
import { STEP_FILES_PREFIX } from '../steps/step-script';

/**
 * The line the shell echoes when Firebreak sources a step's script
 * (`. '/tmp/firebreak-steps-…/id.run.sh'`, sourceLine in
 * main/steps/step-script.ts), after its prompt: internal, never shown in
 * plain output. Group 1 is the prompt before it.
 */
const SOURCE_LINE = new RegExp(`^(.*?)\\. '[^']*/${STEP_FILES_PREFIX}[^']*'\\s*$`);

/**
 * `firebreak run` output for a reader that is not a terminal (a pipe, a
 * file, CI): terminal bytes as plain text. Control sequences are removed
 * (node:util stripVTControlCharacters), CRLF becomes LF, a lone CR (a
 * progress line redrawn) starts a new line, and the internal line that
 * sources each step's script is left out, with the shell prompt it follows.
 * Works on whole lines, so a sequence or a CRLF split across chunks is
 * handled; what is left without a newline waits for the next chunk or end().
 */
export class PlainOutput {
  private pending = '';
  /** The shell's prompt, as learnt from a source line: a last line that is only the prompt is left out. */
  private prompt: string | null = null;

  /** Plain text for the complete lines so far. */
  push(data: string): string {
    // Only the new chunk is searched: a long redrawn progress line without a newline is not scanned again per chunk.
    const cut = data.lastIndexOf('\n');
    if (cut < 0) {
      this.pending += data;
      return '';
    }
    const complete = this.pending + data.slice(0, cut);
    this.pending = data.slice(cut + 1);
    return complete
      .split('\n')
      .flatMap((line) => this.plainLines(line))
      .map((line) => `${line}\n`)
      .join('');
  }

  /** The rest: a last line without a newline (ended with one), unless it is only the shell's prompt. */
  end(): string {
    const rest = this.pending;
    this.pending = '';
    const lines = this.plainLines(rest);
    const last = lines.at(-1);
    if (last !== undefined && (last.trim() === '' || (this.prompt !== null && last.trimEnd() === this.prompt.trimEnd()))) lines.pop();
    return lines.map((line) => `${line}\n`).join('');
  }

  private plainLines(raw: string): string[] {
    // CR LF (the pty's \r\r\n too) is a line end; a CR left at the start of a line redraws nothing.
    const text = stripVTControlCharacters(raw).replace(/\r+$/, '').replace(/^\r+/, '');
    const source = SOURCE_LINE.exec(text);
    if (source) {
      if (source[1]) this.prompt = source[1];
      return [];
    }
    return text.split(/\r+/);
  }
}
