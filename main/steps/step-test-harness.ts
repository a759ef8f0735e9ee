/**
 * Test support: the real engine (a real shell on a real pty, a real SQLite
 * file, the real timeline recorder and output recorder) around a runbook
 * written to a temporary file. Used by the step-runner integration tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventOf } from '../../shared/ipc/contract';
import type { StepRunStatus } from '../../shared/model/step-run';
import type { Runbook } from '../../shared/model/runbook';
import type { EventOfKind, TimelineEvent, TimelineEventKind } from '../../shared/model/timeline';
import { loadRunbook } from '../runbooks/runbook-library';
import { EventHub } from '../services/event-hub';
import { TimelineRecorder } from '../services/timeline-recorder';
import { EventStore } from '../store/event-store';
import { openDatabase } from '../store/open-database';
import { OutputRecorder } from '../terminal/output-recorder';
import { TerminalService } from '../terminal/terminal-service';
import type { RunbookGate } from './runbook-gate';
import { StepRunner, type StepRunnerOptions } from './step-runner';

/** Long enough for a loaded CI machine; a test fails with what the shell printed past it. */
const WAIT_LIMIT_MS = 20_000;

export interface EngineHarnessOptions {
  shell: string;
  /** The runbook's Markdown, front matter included. */
  runbook: string;
  origin?: 'bundled' | 'user';
  gate?: RunbookGate;
  runner?: StepRunnerOptions;
  homeFiles?: Record<string, string>;
}

export class EngineHarness {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-engine-'));
  readonly home = path.join(this.dir, 'home');
  readonly hub = new EventHub();
  readonly store: EventStore;
  readonly recorder: TimelineRecorder;
  readonly output: OutputRecorder;
  readonly terminals: TerminalService;
  readonly steps: StepRunner;
  readonly runbook: Runbook;
  /** Everything sent to the viewer, per session. */
  readonly screen = new Map<string, string>();
  readonly states: StepRunStatus[] = [];
  readonly batches: EventOf<'step:batch'>[] = [];

  constructor(options: EngineHarnessOptions) {
    fs.mkdirSync(this.home);
    // An empty .zshrc keeps zsh's new-user menu away; a plain prompt keeps screens readable.
    const homeFiles = { '.zshrc': '', '.bashrc': 'PS1="test$ "\n', ...options.homeFiles };
    for (const [name, text] of Object.entries(homeFiles)) fs.writeFileSync(path.join(this.home, name), text);
    const file = path.join(this.dir, 'runbook.md');
    fs.writeFileSync(file, options.runbook);
    this.runbook = loadRunbook(file, options.origin ?? 'bundled');
    const databasePath = path.join(this.dir, 'firebreak.sqlite3');
    this.store = new EventStore(openDatabase(databasePath), 'tester');
    this.recorder = new TimelineRecorder(this.store, this.hub);
    this.output = OutputRecorder.inWorker(openDatabase(databasePath), databasePath, { ownsDatabase: true });
    this.terminals = new TerminalService({
      hub: this.hub,
      shell: options.shell,
      login: false,
      cwd: this.home,
      env: { PATH: process.env.PATH, HOME: this.home, LANG: 'C.UTF-8' },
      acknowledge: 'auto',
      output: this.output,
      timeline: (incidentId, entry) => void this.recorder.record(incidentId, entry.kind, entry.data as never),
      incidentForSession: () => this.recorder.incidentForAction().id,
    });
    const runbook = this.runbook;
    this.steps = new StepRunner(
      { get: (id) => (id === runbook.id ? runbook : (() => { throw new Error(`no runbook ${id}`); })()) },
      this.terminals,
      this.recorder,
      this.hub,
      options.gate ?? { assertRunnable() {} },
      options.runner,
    );
    this.hub.subscribe((channel, payload) => {
      if (channel === 'terminal:output') {
        const { sessionId, data } = payload as EventOf<'terminal:output'>;
        this.screen.set(sessionId, (this.screen.get(sessionId) ?? '') + data);
      } else if (channel === 'step:state') this.states.push(payload as StepRunStatus);
      else if (channel === 'step:batch') this.batches.push(payload as EventOf<'step:batch'>);
    });
  }

  /** Opens a session and waits until it can take a step (or is known to be unintegrated). */
  async openSession(): Promise<string> {
    const session = this.terminals.open(120, 30);
    await this.waitFor('the shell to be ready', () => {
      const info = this.terminals.get(session.id);
      return info.integration === 'unavailable' || this.terminals.canTrack(session.id);
    });
    return session.id;
  }

  /** Runs one step and waits for its outcome. */
  async runStep(sessionId: string, stepId: string, extra: { params?: Record<string, string>; profile?: string; confirmation?: string; seenContentHash?: string } = {}): Promise<StepRunStatus> {
    const { runId } = await this.steps.run({ runbookId: this.runbook.id, stepId, sessionId, ...extra });
    return this.steps.whenDone(runId);
  }

  events(): TimelineEvent[];
  events<K extends TimelineEventKind>(kind: K): Array<EventOfKind<K>>;
  events(kind?: TimelineEventKind): TimelineEvent[] {
    const all = this.store.list(this.recorder.incidentForAction().id, 0, 100_000);
    return kind ? all.filter((event) => event.kind === kind) : all;
  }

  /** The recorded raw bytes of a run (or a whole session). */
  recorded(filter: { runId: string } | { sessionId: string }): Buffer {
    return Buffer.concat(this.output.read(filter).map((chunk) => chunk.bytes));
  }

  async waitFor<T>(what: string, ready: () => T | undefined | false | null): Promise<T> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const value = ready();
      if (value) return value;
      if (Date.now() > deadline) {
        const screens = [...this.screen.values()].map((text) => JSON.stringify(text.slice(-3000))).join('\n');
        throw new Error(`Gave up waiting for ${what}. Screen:\n${screens}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  dispose(): void {
    this.steps.dispose();
    this.terminals.dispose();
    this.output.close();
    this.store.close();
    fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}

/** A runbook document from front matter (YAML lines) and a body. */
export function runbookText(frontMatter: string, body: string): string {
  return `---\nid: test-runbook\ntitle: Test runbook\n${frontMatter}---\n\n# Test runbook\n\n${body}`;
}
