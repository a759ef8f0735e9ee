/**
 * Test support: a real shell on a real pty, started through
 * {@link prepareShellLaunch}, with its output decoded, parsed for marks and
 * tracked as commands. Used by the integration tests only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import * as pty from 'node-pty';
import { CommandTracker, type CommandRecord, type CommandTrackerEvent } from '../../../shared/terminal/command-tracker';
import { ShellMarkParser } from '../../../shared/terminal/shell-marks';
import { createShellNonce, prepareShellLaunch, type ShellLaunch } from './shell-launch';

/** Long enough for a loaded CI machine to start a shell and run a command; the test fails, with the transcript, past it. */
const WAIT_LIMIT_MS = 15_000;

export interface ShellHarnessOptions {
  shell: string;
  /** Startup files to put in the temporary HOME, by name (".bashrc": "..."). */
  homeFiles?: Record<string, string>;
  login?: boolean;
}

export class ShellHarness {
  readonly home: string;
  readonly nonce = createShellNonce();
  readonly launch: ShellLaunch;
  readonly tracker = new CommandTracker({ now: () => Date.now() });
  /** Everything the shell printed, decoded, marks included. */
  raw = '';
  /** Everything the shell printed with authenticated marks taken out. */
  text = '';
  readonly events: CommandTrackerEvent[] = [];
  private readonly child: pty.IPty;
  private readonly decoder = new StringDecoder('utf8');
  private readonly parser: ShellMarkParser;
  private waiters: Array<() => void> = [];
  exited = false;

  constructor(options: ShellHarnessOptions) {
    this.home = mkdtempSync(path.join(os.tmpdir(), 'firebreak-home-'));
    for (const [name, content] of Object.entries(options.homeFiles ?? {})) writeFileSync(path.join(this.home, name), content);
    this.parser = new ShellMarkParser(this.nonce);
    this.launch = prepareShellLaunch({
      shell: options.shell,
      nonce: this.nonce,
      login: options.login ?? false,
      env: { PATH: process.env.PATH, HOME: this.home, TERM: 'xterm-256color', LANG: 'C.UTF-8' },
    });
    this.child = pty.spawn(this.launch.file, this.launch.args, {
      name: 'xterm-256color',
      cols: 120,
      rows: 30,
      cwd: this.home,
      env: this.launch.env,
      encoding: null,
    } as pty.IPtyForkOptions);
    this.child.onData((chunk: string | Buffer) => {
      const decoded = this.decoder.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      this.raw += decoded;
      const parsed = this.parser.push(decoded);
      for (const event of parsed) if (event.type === 'text') this.text += event.text;
      this.events.push(...this.tracker.consume(parsed));
      this.wake();
    });
    this.child.onExit(() => {
      this.exited = true;
      this.events.push(...this.tracker.end());
      this.wake();
    });
  }

  /** Resolves once `ready` holds, or fails with what the shell printed so far. */
  async waitFor<T>(what: string, ready: () => T | undefined | false): Promise<T> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const value = ready();
      if (value) return value;
      if (Date.now() > deadline || this.exited) {
        throw new Error(`Gave up waiting for ${what}${this.exited ? ' (the shell exited)' : ''}. Shell output:\n${JSON.stringify(this.raw.slice(-4000))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the shell's prompt. */
  ready(): Promise<true> {
    return this.waitFor('the first prompt', () => this.tracker.phase === 'prompt');
  }

  /** Types a command as a user would and resolves with its finished record. */
  async run(commandLine: string, options: { asEngine?: string } = {}): Promise<CommandRecord> {
    await this.ready();
    const before = this.finished().length;
    if (options.asEngine && !this.tracker.expectCommand({ runId: options.asEngine, commandLine })) {
      throw new Error('The shell was not at a prompt');
    }
    this.child.write(`${commandLine}\r`);
    const record = await this.waitFor(`"${commandLine}" to finish`, () => this.finished()[before]);
    // The cwd and the next prompt follow the D mark, possibly in a later
    // chunk; wait for the prompt (B) after it, so state is settled.
    await this.waitFor('the prompt after the command', () => this.promptsAfter(record.sequence) > 0);
    return record;
  }

  /** How many prompts were drawn after the command with this sequence number finished. */
  promptsAfter(sequence: number): number {
    const finishedAt = this.events.findIndex((event) => event.type === 'commandFinished' && event.command.sequence === sequence);
    return finishedAt === -1 ? 0 : this.events.slice(finishedAt).filter((event) => event.type === 'promptReady').length;
  }

  finished(): CommandRecord[] {
    return this.events.flatMap((event) => (event.type === 'commandFinished' ? [event.command] : []));
  }

  write(data: string): void {
    this.child.write(data);
  }

  /**
   * Ends the shell, then removes its home. Only once it has exited: a shell
   * still ending writes its history there, and the removal fails with
   * ENOTEMPTY (seen in CI).
   */
  async dispose(): Promise<void> {
    if (!this.exited) {
      this.child.kill();
      try {
        await this.waitFor('the shell to exit', () => this.exited);
      } catch {
        this.child.kill('SIGKILL');
        await this.waitFor('the shell to exit after SIGKILL', () => this.exited);
      }
    }
    rmSync(this.home, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
