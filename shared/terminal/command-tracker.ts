/**
 * Turns the mark stream of one shell session into command records: what ran,
 * where, when, with which exit code and what it printed between the C and D
 * marks. Commands the engine sent are told apart from commands typed by hand
 * by registering an expectation just before the engine writes to the shell.
 *
 * Pure: no clock, no I/O. The caller injects `now` and feeds the events of a
 * {@link ShellMarkParser}.
 */
import type { ShellStreamEvent } from './shell-marks';

/** Who started a command. */
export type CommandOrigin = 'engine' | 'manual';

/** One command the shell ran, as far as the marks tell. */
export interface CommandRecord {
  /** 1, 2, 3... in the order the commands started in this session. */
  sequence: number;
  /** The command line the shell reported; empty when it reported none (OSC 133 has no E mark). */
  commandLine: string;
  /** False when the shell could only approximate the line (see `ShellMark` `commandLine`). */
  commandLineExact: boolean;
  origin: CommandOrigin;
  /** The engine's run id when `origin` is 'engine'. */
  runId: string | null;
  /** What the engine said it would send, when `origin` is 'engine'. */
  expectedCommandLine: string | null;
  /** The shell's working directory when the command started, if known. */
  cwd: string | null;
  /** From the injected clock, at the C mark. */
  startedAt: number;
  finishedAt: number | null;
  /** Null while running, when the shell did not report it, or when the session ended first. */
  exitCode: number | null;
  /** 'running', 'finished' at a D mark, or 'sessionEnded' when the shell went away before D. */
  state: 'running' | 'finished' | 'sessionEnded';
  /**
   * Output between C and D as the terminal received it (escape sequences
   * included). Beyond the caps only the head and the tail are kept; the
   * middle is counted in `outputOmittedChars` and starts at `outputOmittedAt`.
   */
  output: string;
  /** Every character the command printed, kept or not. */
  outputChars: number;
  outputOmittedChars: number;
  /** Index in `output` where the omitted middle would have been; null when nothing was omitted. */
  outputOmittedAt: number | null;
}

/** What the tracker noticed while consuming events. */
export type CommandTrackerEvent =
  /** `markRaw`: the exact characters of the C mark, so a caller can find where the output starts in the bytes it read. */
  | { type: 'commandStarted'; command: CommandRecord; markRaw: string }
  /** `markRaw`: the mark that ended the command (D, or a C with no D before it); null when the session ended. */
  | { type: 'commandFinished'; command: CommandRecord; markRaw: string | null }
  | { type: 'cwdChanged'; cwd: string }
  /** The shell drew a prompt and waits for input (B mark). */
  | { type: 'promptReady' };

/**
 * Where the shell is. 'unknown' until the first prompt mark: with no marks at
 * all, integration is not working and the caller degrades to "exit code
 * unknown".
 */
export type ShellPhase = 'unknown' | 'prompt' | 'running';

/** What the engine is about to send. */
export interface ExpectedCommand {
  runId: string;
  commandLine: string;
}

/** Tuning for {@link CommandTracker}. */
export interface CommandTrackerOptions {
  /** Milliseconds since the epoch, or any monotonic clock the caller prefers. */
  now: () => number;
  /** Characters kept from the start of a command's output. */
  outputHeadChars?: number;
  /** Characters kept from the end of a command's output. */
  outputTailChars?: number;
  /**
   * Called with every piece of a command's output between its C and D marks,
   * in order, untruncated: the place to feed a per-step transcript.
   */
  onOutput?: (command: { sequence: number; runId: string | null }, text: string) => void;
}

/**
 * 64 Ki characters each end: enough for `expect` patterns and error messages
 * at either end of an output, small enough that `yes` cannot exhaust memory.
 * The complete output lives in the raw byte recording, not here.
 */
export const DEFAULT_OUTPUT_HEAD_CHARS = 64 * 1024;
export const DEFAULT_OUTPUT_TAIL_CHARS = 64 * 1024;

/**
 * Makes two spellings of one command compare equal: shells report a
 * multi-line command joined with `;` (bash history with `cmdhist`) and
 * without trailing whitespace, so whitespace and `;` are left out.
 */
export function commandLineKey(commandLine: string): string {
  return commandLine.replace(/[\s;]+/g, '');
}

interface RunningCommand {
  record: CommandRecord;
  head: string;
  /** Pieces of the end of the output, oldest first, at most one piece beyond the cap. */
  tail: string[];
  tailLength: number;
}

/** Follows one session's marks and keeps the command records. */
export class CommandTracker {
  private currentPhase: ShellPhase = 'unknown';
  private currentCwd: string | null = null;
  private pendingLine: { text: string; exact: boolean } | null = null;
  private running: RunningCommand | null = null;
  private expectations: ExpectedCommand[] = [];
  private sequence = 0;
  private marksSeen = 0;
  private readonly headChars: number;
  private readonly tailChars: number;

  constructor(private readonly options: CommandTrackerOptions) {
    this.headChars = options.outputHeadChars ?? DEFAULT_OUTPUT_HEAD_CHARS;
    this.tailChars = options.outputTailChars ?? DEFAULT_OUTPUT_TAIL_CHARS;
  }

  /** Where the shell is now. Send a step only at 'prompt'. */
  get phase(): ShellPhase {
    return this.currentPhase;
  }

  /** Last working directory the shell reported. */
  get cwd(): string | null {
    return this.currentCwd;
  }

  /** True once any authenticated mark arrived: integration is working in this session. */
  get integrationActive(): boolean {
    return this.marksSeen > 0;
  }

  /** A copy of the command that is running, if any. */
  get current(): CommandRecord | null {
    return this.running ? this.snapshot(this.running) : null;
  }

  /** Run ids the engine announced that no command has claimed yet. */
  get pendingRunIds(): string[] {
    return this.expectations.map((expectation) => expectation.runId);
  }

  /**
   * Announces a command the engine is about to write to the shell; call it
   * immediately before the write. Returns false, and registers nothing, when
   * the shell is not at a prompt: the text would go to whatever is running
   * (an ssh hop, a pager) and no mark will ever report it, so the caller must
   * log the step as sent with "exit code unknown".
   *
   * The next command whose reported line matches (see {@link commandLineKey})
   * is attributed to the engine. When the shell can only approximate the line
   * (`exact: false`) or reports none, the oldest expectation is taken instead.
   */
  expectCommand(expected: ExpectedCommand): boolean {
    if (this.currentPhase !== 'prompt') return false;
    this.expectations.push({ ...expected });
    return true;
  }

  /** Withdraws an expectation (the step timed out or was cancelled before it started). */
  cancelExpectation(runId: string): boolean {
    const index = this.expectations.findIndex((expectation) => expectation.runId === runId);
    if (index === -1) return false;
    this.expectations.splice(index, 1);
    return true;
  }

  /** Consumes parser output in stream order. */
  consume(events: readonly ShellStreamEvent[]): CommandTrackerEvent[] {
    const out: CommandTrackerEvent[] = [];
    for (const event of events) {
      if (event.type === 'text') {
        if (this.running) {
          this.appendOutput(this.running, event.text);
          this.options.onOutput?.({ sequence: this.running.record.sequence, runId: this.running.record.runId }, event.text);
        }
        continue;
      }
      this.marksSeen++;
      const mark = event.mark;
      switch (mark.kind) {
        case 'promptStart':
          this.currentPhase = 'prompt';
          break;
        case 'commandStart':
          this.currentPhase = 'prompt';
          out.push({ type: 'promptReady' });
          break;
        case 'commandLine':
          this.pendingLine = { text: mark.commandLine, exact: mark.exact };
          break;
        case 'outputStart':
          // A C without a D before it means the shell lost track (a nested
          // shell sharing the nonce cannot happen; a killed prompt can): close
          // the old one honestly rather than merge two commands.
          if (this.running) out.push(this.finish(null, 'finished', event.raw));
          out.push(this.start(event.raw));
          break;
        case 'commandFinished':
          if (this.running) out.push(this.finish(mark.exitCode, 'finished', event.raw));
          this.currentPhase = 'prompt';
          break;
        case 'cwd':
          if (mark.cwd !== this.currentCwd) {
            this.currentCwd = mark.cwd;
            out.push({ type: 'cwdChanged', cwd: mark.cwd });
          }
          break;
        case 'property':
        case 'other':
          break;
      }
    }
    return out;
  }

  /** The shell exited: a command still running ends without an exit code. */
  end(): CommandTrackerEvent[] {
    this.currentPhase = 'unknown';
    this.expectations = [];
    return this.running ? [this.finish(null, 'sessionEnded', null)] : [];
  }

  private start(markRaw: string): CommandTrackerEvent {
    const line = this.pendingLine ?? { text: '', exact: false };
    this.pendingLine = null;
    const expectation = this.claimExpectation(line);
    const record: CommandRecord = {
      sequence: ++this.sequence,
      commandLine: line.text,
      commandLineExact: line.exact,
      origin: expectation ? 'engine' : 'manual',
      runId: expectation?.runId ?? null,
      expectedCommandLine: expectation?.commandLine ?? null,
      cwd: this.currentCwd,
      startedAt: this.options.now(),
      finishedAt: null,
      exitCode: null,
      state: 'running',
      output: '',
      outputChars: 0,
      outputOmittedChars: 0,
      outputOmittedAt: null,
    };
    this.running = { record, head: '', tail: [], tailLength: 0 };
    this.currentPhase = 'running';
    return { type: 'commandStarted', command: this.snapshot(this.running), markRaw };
  }

  private claimExpectation(line: { text: string; exact: boolean }): ExpectedCommand | undefined {
    if (this.expectations.length === 0) return undefined;
    let index: number;
    if (line.exact && line.text !== '') {
      const key = commandLineKey(line.text);
      index = this.expectations.findIndex((expectation) => commandLineKey(expectation.commandLine) === key);
    } else {
      index = 0;
    }
    if (index === -1) return undefined;
    return this.expectations.splice(index, 1)[0];
  }

  private finish(exitCode: number | null, state: 'finished' | 'sessionEnded', markRaw: string | null): CommandTrackerEvent {
    const running = this.running!;
    running.record.exitCode = exitCode;
    running.record.finishedAt = this.options.now();
    running.record.state = state;
    this.running = null;
    return { type: 'commandFinished', command: this.snapshot(running), markRaw };
  }

  private appendOutput(running: RunningCommand, text: string): void {
    running.record.outputChars += text.length;
    const headRoom = this.headChars - running.head.length;
    if (headRoom > 0) {
      running.head += text.length <= headRoom ? text : text.slice(0, headRoom);
      if (text.length <= headRoom) return;
      text = text.slice(headRoom);
    }
    // Pieces, not one growing string: a flood of output costs no copying here
    // (concatenating and trimming a string copied the tail for every chunk).
    running.tail.push(text);
    running.tailLength += text.length;
    while (running.tail.length > 1 && running.tailLength - running.tail[0]!.length >= this.tailChars) {
      running.tailLength -= running.tail.shift()!.length;
    }
  }

  private snapshot(running: RunningCommand): CommandRecord {
    const joined = running.tail.join('');
    const tail = joined.length > this.tailChars ? joined.slice(-this.tailChars) : joined;
    const kept = running.head.length + tail.length;
    const omitted = running.record.outputChars - kept;
    return {
      ...running.record,
      output: running.head + tail,
      outputOmittedChars: omitted,
      outputOmittedAt: omitted > 0 ? running.head.length : null,
    };
  }
}
