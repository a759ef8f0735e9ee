/**
 * Shared set-up of the terminal benchmarks: the real engine (an integrated
 * bash on a real pty, output recorded into a real SQLite file) and helpers
 * to run one command through it and wait for its D mark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandRecord } from '../shared/terminal/command-tracker';
import { EventHub } from '../main/services/event-hub';
import { openDatabase } from '../main/store/open-database';
import { OutputRecorder } from '../main/terminal/output-recorder';
import { TerminalService } from '../main/terminal/terminal-service';

export class BenchEngine {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-bench-'));
  readonly hub = new EventHub();
  readonly output: OutputRecorder;
  readonly terminals: TerminalService;
  private finished: Array<(record: CommandRecord) => void> = [];
  private started: Array<(at: number) => void> = [];

  constructor(options: { record?: boolean } = {}) {
    const home = path.join(this.dir, 'home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, '.bashrc'), 'PS1="bench$ "\n');
    const databasePath = path.join(this.dir, 'firebreak.sqlite3');
    this.output = OutputRecorder.inWorker(openDatabase(databasePath), databasePath, { ownsDatabase: true });
    this.terminals = new TerminalService({
      hub: this.hub,
      shell: '/bin/bash',
      login: false,
      cwd: home,
      env: { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8' },
      acknowledge: 'auto',
      ...(options.record === false ? {} : { output: this.output }),
    });
    this.terminals.addListener({
      onTrackerEvent: (_sessionId, event) => {
        if (event.type === 'commandFinished') this.finished.splice(0).forEach((wake) => wake(event.command));
        if (event.type === 'commandStarted') this.started.splice(0).forEach((wake) => wake(performance.now()));
      },
    });
  }

  /** Opens a session and waits for its prompt. */
  async open(): Promise<string> {
    const session = this.terminals.open(120, 30);
    const deadline = Date.now() + 20_000;
    while (!this.terminals.canTrack(session.id)) {
      if (Date.now() > deadline) throw new Error('bash did not show an integrated prompt within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return session.id;
  }

  /** Sends a command as the engine does and resolves with its record once the prompt is back. */
  async run(sessionId: string, commandLine: string, runId = `bench-${Math.random()}`): Promise<{ record: CommandRecord; startedAt: number; sentAt: number }> {
    const finished = new Promise<CommandRecord>((resolve) => this.finished.push(resolve));
    const started = new Promise<number>((resolve) => this.started.push(resolve));
    const sentAt = performance.now();
    this.terminals.sendCommand(sessionId, runId, commandLine, `${commandLine}\r`);
    const [record, startedAt] = await Promise.all([finished, started]);
    const deadline = Date.now() + 10_000;
    while (!this.terminals.canTrack(sessionId) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
    return { record, startedAt, sentAt };
  }

  /** Resolves once every byte output so far is in the database, without blocking the event loop. */
  async settled(): Promise<void> {
    this.output.flush();
    while (this.output.inFlightByteCount > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Bytes recorded for a run id. */
  recordedBytes(runId: string): Buffer {
    return Buffer.concat(this.output.read({ runId }).map((chunk) => chunk.bytes));
  }

  async dispose(): Promise<void> {
    await this.terminals.shutdown();
    this.output.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Writes a file of `bytes` bytes of printable lines (76 characters and a newline, like base64). */
export function writeTextFile(file: string, bytes: number): void {
  const line = `${'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+/abcdefghijkl'}\n`;
  const block = line.repeat(Math.ceil((1 << 20) / line.length));
  const fd = fs.openSync(file, 'w');
  let written = 0;
  while (written < bytes) {
    const part = block.slice(0, Math.min(block.length, bytes - written));
    fs.writeSync(fd, part);
    written += part.length;
  }
  fs.closeSync(fd);
}

/** BENCH_FULL=1 runs the sizes the issue names; the default is smaller so `npm run bench` stays quick. */
export const FULL = process.env.BENCH_FULL === '1';
