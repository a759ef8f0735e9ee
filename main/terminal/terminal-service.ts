import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { IPty } from 'node-pty';
import { Conflict, InvalidInput, NotFound, Unavailable } from '../../shared/model/domain-errors';
import type { AvailableShell, TerminalCommand, TerminalSession } from '../../shared/model/terminal';
import type { EventDataInput } from '../../shared/model/timeline';
import { CommandTracker, type CommandRecord, type CommandTrackerEvent } from '../../shared/terminal/command-tracker';
import { ShellMarkParser } from '../../shared/terminal/shell-marks';
import type { EventHub } from '../services/event-hub';
import { FlowControl } from './flow-control';
import { loadNodePty } from './load-node-pty';
import { OutputBatcher } from './output-batcher';
import type { OutputSink } from './output-recorder';
import { captureBaseline, endProcessTree, foregroundProcessGroup, killCommandProcesses, signalForegroundJob, type SessionBaseline, type SurvivingProcess } from './process-group';
import { recordSplitAtMarks, type RunBoundary } from './run-output-split';
import { createShellNonce, detectShellKind, prepareShellLaunch } from './shell-integration/shell-launch';

/** How much recent output a session keeps for a viewer that reattaches. */
export const REPLAY_LIMIT_CHARS = 256 * 1024;
/**
 * How long an integrated shell may take to print its first mark before the
 * session is shown as unintegrated. Login files on a slow machine (nvm,
 * conda) take a second or two; VS Code waits a similar time.
 */
export const INTEGRATION_GRACE_MS = 5_000;

/** The session events the terminal records. */
export type SessionEventEntry =
  | { kind: 'session.started'; data: EventDataInput<'session.started'> }
  | { kind: 'session.resized'; data: EventDataInput<'session.resized'> }
  | { kind: 'session.ended'; data: EventDataInput<'session.ended'> }
  | { kind: 'command.manual'; data: EventDataInput<'command.manual'> };

/** Records a session's event into the incident the session belongs to; throws when the timeline is unavailable. */
export type TimelineWrite = (incidentId: string, entry: SessionEventEntry) => void;

/**
 * How long a terminal's size must hold before the resize is recorded: a
 * window being dragged resizes it dozens of times a second, and a replay
 * needs only where it settled.
 */
export const RESIZE_RECORD_DELAY_MS = 500;

export interface TerminalServiceOptions {
  hub: EventHub;
  /** Shell to start; defaults to $SHELL, then /bin/bash (PowerShell on Windows). */
  shell?: string;
  /** Replaces the integration's arguments (tests only); the session is then unintegrated. */
  shellArgs?: string[];
  /** Read login files (default true: an app started from a launcher lacks the PATH they set). */
  login?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Every byte the pty produced, in order, before any decoding. */
  onRawOutput?: (sessionId: string, bytes: Buffer) => void;
  /** Durable recording of every byte (the database's terminal_output table). */
  output?: OutputSink;
  /** Timeline for session.started/resized/ended and command.manual; failures are reported to `log`, never thrown at the pty. */
  timeline?: TimelineWrite;
  /**
   * The incident a session opened without one records into (the active
   * incident when the responder opens it); a session keeps it for life.
   */
  incidentForSession?: () => string | null;
  /** Masks secret values a command line may contain before it is recorded (typed `echo $TOKEN` expanded, a pasted value). */
  maskSecrets?: (text: string) => string;
  /**
   * 'viewer' (the app): the renderer acknowledges what it drew and the pty is
   * paused above the watermark. 'auto' (headless CLI, benchmarks): output is
   * acknowledged as soon as it is emitted.
   */
  acknowledge?: 'viewer' | 'auto';
  integrationGraceMs?: number;
  log?: (message: string) => void;
  now?: () => number;
}

/** What the step runner hears from a session, synchronously and in stream order. */
export interface SessionListener {
  /** A tracker event (command started/finished, prompt ready, cwd changed). */
  onTrackerEvent?(sessionId: string, event: CommandTrackerEvent): void;
  /** Output of a running command, decoded, marks removed, untruncated. */
  onCommandOutput?(sessionId: string, command: { sequence: number; runId: string | null }, text: string): void;
  /** The shell exited; any running command was already finished with state 'sessionEnded'. */
  onSessionExit?(sessionId: string, exitCode: number | null, signal: number | null): void;
  /** What the session shows changed (integration, busy, cwd, size, state). */
  onSessionChanged?(sessionId: string): void;
}

interface LiveSession {
  info: TerminalSession;
  pty: IPty;
  decoder: StringDecoder;
  parser: ShellMarkParser;
  tracker: CommandTracker;
  batcher: OutputBatcher;
  flow: FlowControl;
  replay: string[];
  replayChars: number;
  /** The B mark was seen and no command started since: text written now is a new command line. */
  atPrompt: boolean;
  /** Step run whose command is running, for tagging recorded bytes. */
  recordingRunId: string | null;
  integrationTimer: ReturnType<typeof setTimeout> | undefined;
  resizeTimer: ReturnType<typeof setTimeout> | undefined;
  exited: boolean;
  /** Firebreak is ending this shell itself (shutdown, close): its end is orderly, not a warning. */
  closing?: boolean;
  /** Whether the pty is paused now (for the viewer's flow control, or while the recorder catches up). */
  ptyPaused: boolean;
  /** What ran in the session before the last engine command was sent: never part of that command's tree. */
  baseline: SessionBaseline | null;
}

/**
 * Real shells on node-pty with shell integration: every session's output is
 * recorded byte for byte, parsed for nonce-authenticated marks into command
 * records, and batched with flow control to the viewer.
 */
export class TerminalService {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly listeners = new Set<SessionListener>();
  /** Set while the output recorder catches up: every pty stays paused (see holdForRecorder). */
  private recorderBehind = false;
  /** Viewers connected now (set by the host); with none, nobody acknowledges, so output counts as acknowledged. */
  private viewers = 1;
  private readonly now: () => number;

  constructor(private readonly options: TerminalServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Resolves at the next change of a session that can make it ready for a
   * step (a tracker event such as a prompt, its integration, busy state or
   * exit), or after `timeoutMs`: readiness is waited for, never polled.
   */
  nextChange(sessionId: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const settle = (id: string) => {
        if (id !== sessionId) return;
        clearTimeout(timer);
        remove();
        resolve();
      };
      const remove = this.addListener({ onTrackerEvent: settle, onSessionChanged: settle, onSessionExit: settle });
      const timer = setTimeout(() => settle(sessionId), Math.max(0, timeoutMs));
    });
  }

  /** Hears every session's commands; returns the unsubscribe function. */
  addListener(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  defaultShell(): string {
    if (this.options.shell) return this.options.shell;
    if (process.platform === 'win32') return process.env.COMSPEC ?? 'powershell.exe';
    return process.env.SHELL || '/bin/bash';
  }

  /** Shells that exist on this machine: $SHELL, /etc/shells, and bash, zsh, sh, pwsh on PATH. */
  availableShells(): AvailableShell[] {
    const env = this.options.env ?? process.env;
    const candidates = [this.defaultShell()];
    try {
      for (const line of fs.readFileSync('/etc/shells', 'utf8').split('\n')) {
        if (line.startsWith('/')) candidates.push(line.trim());
      }
    } catch {
      // No /etc/shells (Windows, minimal containers).
    }
    candidates.push('bash', 'zsh', 'sh', 'pwsh', 'fish');
    const seen = new Map<string, AvailableShell>();
    for (const candidate of candidates) {
      const found = findExecutable(candidate, env);
      if (!found) continue;
      let real = found;
      try {
        real = fs.realpathSync(found);
      } catch {
        // Keep the path as found.
      }
      const kind = detectShellKind(found);
      if (kind === 'unknown' || kind === 'cmd') continue;
      const key = `${real}:${kind}`;
      if ([...seen.values()].some((shell) => shell.path === found) || seen.has(key)) continue;
      seen.set(key, {
        path: found,
        name: path.basename(found),
        kind,
        integrated: kind === 'bash' || kind === 'zsh',
        isDefault: candidate === this.defaultShell(),
      });
    }
    return [...seen.values()];
  }

  /**
   * Starts a shell session. `shell` must be the default shell or one of
   * {@link availableShells} (a renderer may not name an arbitrary program).
   */
  open(cols: number, rows: number, request: { shell?: string; trustedShell?: boolean; incidentId?: string } = {}): TerminalSession {
    const shell = request.shell ?? this.defaultShell();
    if (request.shell && !request.trustedShell && request.shell !== this.defaultShell()) {
      if (!this.availableShells().some((candidate) => candidate.path === request.shell)) {
        throw new InvalidInput(`"${request.shell}" is not one of the shells on this machine (see terminal:shells).`);
      }
    }
    const id = randomUUID();
    const incidentId = request.incidentId ?? this.sessionIncident();
    const session = this.spawn(id, shell, cols, rows, 1, incidentId);
    this.sessions.set(id, session);
    this.announceStart(session);
    return { ...session.info };
  }

  /** Starts a new shell in an ended session, keeping its id (the tab stays). */
  restart(sessionId: string): TerminalSession {
    const old = this.require(sessionId);
    if (old.info.state === 'running') {
      throw new Conflict('This session is still running; only an ended session can be restarted.');
    }
    const session = this.spawn(sessionId, old.info.shell, old.info.cols, old.info.rows, old.info.generation + 1, old.info.incidentId);
    session.replay = old.replay;
    session.replayChars = old.replayChars;
    this.sessions.set(sessionId, session);
    this.announceStart(session);
    return { ...session.info };
  }

  list(): TerminalSession[] {
    return [...this.sessions.values()].map((session) => ({ ...session.info }));
  }

  get(sessionId: string): TerminalSession {
    return { ...this.require(sessionId).info };
  }

  attach(sessionId: string): { session: TerminalSession; replay: string } {
    const session = this.require(sessionId);
    session.batcher.flush();
    session.flow.reset();
    return { session: { ...session.info }, replay: session.replay.join('') };
  }

  /** Keystrokes typed by the responder. */
  write(sessionId: string, data: string): void {
    const session = this.requireRunning(sessionId);
    session.pty.write(data);
  }

  /**
   * Whether a command written now will be reported by the shell: the session
   * is integrated, at its prompt, and nothing is running.
   */
  canTrack(sessionId: string): boolean {
    const session = this.requireRunning(sessionId);
    return session.info.integration === 'active' && session.atPrompt && session.tracker.phase === 'prompt';
  }

  /**
   * Writes one command line for the engine. When the shell will report it,
   * the command is announced to the tracker right before the write and
   * 'tracked' is returned; otherwise it is typed anyway and 'untracked'
   * means its exit code will be unknown.
   */
  sendCommand(sessionId: string, runId: string, commandLine: string, input: string): 'tracked' | 'untracked' {
    const session = this.requireRunning(sessionId);
    let tracked = false;
    if (this.canTrack(sessionId)) tracked = session.tracker.expectCommand({ runId, commandLine });
    if (tracked) session.atPrompt = false;
    session.baseline = captureBaseline(session.info.pid, runId);
    session.pty.write(input);
    return tracked ? 'tracked' : 'untracked';
  }

  /** Gives a session that has no incident yet the one its first step records into (it keeps it for life). */
  adoptIncident(sessionId: string, incidentId: string): void {
    const session = this.require(sessionId);
    if (session.info.incidentId !== null) return;
    session.info.incidentId = incidentId;
    this.announce(session);
  }

  /**
   * Ends everything the last engine command started (a cancel): SIGINT to the
   * foreground job, then SIGTERM, then SIGKILL to every process it started in
   * the session, the shell excepted (see {@link endProcessTree}). Resolves
   * once they are gone, with what survived (a deliberate setsid daemon).
   */
  async endCommandProcesses(sessionId: string, graceMs: number): Promise<SurvivingProcess[]> {
    const session = this.requireRunning(sessionId);
    const baseline = session.baseline ?? captureBaseline(session.info.pid);
    const interrupt = () => {
      // The shell may have ended meanwhile: then only the tree is left to end.
      if (!session.exited) this.interrupt(sessionId);
    };
    return endProcessTree(baseline, interrupt, { graceMs });
  }

  /** Withdraws an announced command that never started. */
  cancelExpectation(sessionId: string, runId: string): boolean {
    return this.sessions.get(sessionId)?.tracker.cancelExpectation(runId) ?? false;
  }

  /** The command running in a session, if the marks tell of one. */
  currentCommand(sessionId: string): CommandRecord | null {
    return this.sessions.get(sessionId)?.tracker.current ?? null;
  }

  /**
   * Interrupts what runs in the foreground: SIGINT to its process group, or
   * Ctrl-C typed into the pty when the shell itself is in the foreground (a
   * builtin loop), so the shell and its session survive either way.
   */
  interrupt(sessionId: string): void {
    const session = this.requireRunning(sessionId);
    if (!signalForegroundJob(session.info.pid, 'SIGINT')) session.pty.write('\x03');
  }

  /** SIGKILL, at once and synchronously, to every process the last engine command of each session started (before a forced exit). */
  killCommandProcessesNow(): void {
    for (const session of this.sessions.values()) {
      if (!session.exited && session.baseline) killCommandProcesses(session.baseline);
    }
  }

  /** SIGKILL to the foreground job (never the shell). False when only the shell is in the foreground. */
  killForegroundJob(sessionId: string): boolean {
    const session = this.requireRunning(sessionId);
    return signalForegroundJob(session.info.pid, 'SIGKILL');
  }

  /** The foreground process group of a session's terminal (tests, diagnostics). */
  foregroundGroup(sessionId: string): number | undefined {
    return foregroundProcessGroup(this.require(sessionId).info.pid);
  }

  resize(sessionId: string, cols: number, rows: number): void {
    const session = this.requireRunning(sessionId);
    session.pty.resize(cols, rows);
    if (session.info.cols === cols && session.info.rows === rows) return;
    session.info.cols = cols;
    session.info.rows = rows;
    clearTimeout(session.resizeTimer);
    session.resizeTimer = setTimeout(() => {
      if (session.exited) return;
      this.writeTimeline(session, { kind: 'session.resized', data: { sessionId, cols: session.info.cols, rows: session.info.rows } });
    }, RESIZE_RECORD_DELAY_MS);
    session.resizeTimer.unref?.();
  }

  acknowledge(sessionId: string, chars: number): void {
    this.sessions.get(sessionId)?.flow.acknowledged(chars);
  }

  /**
   * The host says how many viewers are connected (browser tabs, the Electron
   * window). With none (a closed tab, a dropped SSH tunnel) nothing would ever
   * be acknowledged and a paused shell would freeze, timing steps out: so
   * output then counts as acknowledged and paused shells resume. A viewer
   * that comes back starts counting from zero (and attaches, which resets too).
   */
  setViewerCount(count: number): void {
    this.viewers = Math.max(0, count);
    if (this.viewers === 0) for (const session of this.sessions.values()) session.flow.reset();
  }

  close(sessionId: string): void {
    const session = this.require(sessionId);
    session.closing = true;
    if (session.info.state === 'running') session.pty.kill();
    this.sessions.delete(sessionId);
  }

  /** Sends a session's batched output to the viewer now (before printing something after it). */
  flushOutput(sessionId: string): void {
    this.sessions.get(sessionId)?.batcher.flush();
  }

  /**
   * Ends every shell and waits (at most `limitMs`) for their exits to be
   * handled, so session.ended is recorded before the database is closed.
   */
  async shutdown(limitMs = 3_000): Promise<void> {
    const running = [...this.sessions.values()].filter((session) => !session.exited);
    const exits = running.map(
      (session) =>
        new Promise<void>((resolve) => {
          const done = this.addListener({
            onSessionExit: (sessionId) => {
              if (sessionId !== session.info.id) return;
              done();
              resolve();
            },
          });
        }),
    );
    for (const session of running) {
      session.batcher.flush();
      session.closing = true;
      try {
        session.pty.kill();
      } catch {
        // Already gone.
      }
    }
    await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, limitMs).unref())]);
    this.dispose();
  }

  dispose(): void {
    for (const session of this.sessions.values()) {
      clearTimeout(session.integrationTimer);
      session.batcher.flush();
      if (session.info.state === 'running') {
        try {
          session.pty.kill();
        } catch {
          // Already gone.
        }
      }
    }
    this.sessions.clear();
    this.options.output?.flush();
  }

  private spawn(id: string, shell: string, cols: number, rows: number, generation: number, incidentId: string | null): LiveSession {
    const pty = loadNodePty();
    const cwd = this.options.cwd ?? os.homedir();
    const baseEnv = this.options.env ?? process.env;
    // node-pty forks before exec, so a missing shell would only show as an instant exit; say it plainly instead.
    if (!findExecutable(shell, baseEnv)) {
      throw new Unavailable(`Cannot start the shell "${shell}": no such executable. Set $SHELL or pass --shell.`);
    }
    if (!isDirectory(cwd)) {
      throw new Unavailable(`Cannot start the shell "${shell}": its start directory ${cwd} does not exist or is not a folder.`);
    }
    const nonce = createShellNonce();
    const launch = prepareShellLaunch({ shell, nonce, env: baseEnv, login: this.options.login ?? true });
    const integrated = launch.integrated && !this.options.shellArgs;
    let child: IPty;
    try {
      child = pty.spawn(launch.file, this.options.shellArgs ?? launch.args, {
        name: 'xterm-256color',
        cols,
        rows,
        cwd,
        env: { ...launch.env, TERM: 'xterm-256color', FIREBREAK: '1' },
        // Raw bytes: decoding happens here, once, so nothing is lost or mangled at chunk edges.
        encoding: null,
      } as Parameters<typeof pty.spawn>[2]);
    } catch (error) {
      throw new Unavailable(`Cannot start the shell "${shell}": ${(error as Error).message}`);
    }
    const info: TerminalSession = {
      id,
      incidentId,
      shell,
      shellKind: launch.kind,
      pid: child.pid,
      cwd,
      cols,
      rows,
      state: 'running',
      exitCode: null,
      signal: null,
      endMessage: null,
      integration: integrated ? 'pending' : 'unavailable',
      integrationNote: integrated ? null : launch.integrated ? 'Started with custom arguments; commands are logged as sent, with exit code unknown.' : launch.reason,
      busy: false,
      generation,
      startedAt: new Date(this.now()).toISOString(),
    };
    const autoAck = this.options.acknowledge === 'auto';
    const session: LiveSession = {
      info,
      pty: child,
      decoder: new StringDecoder('utf8'),
      parser: new ShellMarkParser(nonce),
      tracker: new CommandTracker({
        now: this.now,
        onOutput: (command, text) => {
          for (const listener of this.listeners) listener.onCommandOutput?.(id, command, text);
        },
      }),
      batcher: new OutputBatcher((data) => {
        // What is shown must survive a crash of this process: the recorder journals it first.
        this.options.output?.beforeDisplay?.();
        if (!autoAck && this.viewers > 0) session.flow.sent(data.length);
        this.options.hub.emit('terminal:output', { sessionId: id, data });
      }),
      flow: new FlowControl(
        () => this.applyPause(session),
        () => this.applyPause(session),
      ),
      ptyPaused: false,
      replay: [],
      replayChars: 0,
      atPrompt: false,
      recordingRunId: null,
      integrationTimer: undefined,
      resizeTimer: undefined,
      exited: false,
      baseline: null,
    };
    if (integrated) {
      session.integrationTimer = setTimeout(() => {
        if (session.info.integration !== 'pending' || session.exited) return;
        info.integration = 'unavailable';
        info.integrationNote = `No shell-integration marks arrived within ${Math.round((this.options.integrationGraceMs ?? INTEGRATION_GRACE_MS) / 1000)} s (bash older than 4.4, or a startup file that replaces the prompt hooks); commands are logged as sent, with exit code unknown.`;
        this.announce(session);
      }, this.options.integrationGraceMs ?? INTEGRATION_GRACE_MS);
    }
    child.onData((chunk: string | Buffer) => this.receive(session, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
    child.onExit(({ exitCode, signal }) => this.exited(session, exitCode, signal ?? null));
    return session;
  }

  /** The hot path: every pty read passes here once. */
  private receive(session: LiveSession, bytes: Buffer): void {
    const runAtStart = session.recordingRunId;
    let boundaries: RunBoundary[] | undefined;
    let text = '';
    let decoded: string | undefined;
    try {
      decoded = session.decoder.write(bytes);
      const events = session.parser.push(decoded);
      text = events.length === 1 && events[0]!.type === 'text' ? events[0]!.text : joinText(events);
      for (const event of session.tracker.consume(events)) {
        this.handleTrackerEvent(session, event);
        if (event.type === 'commandStarted') (boundaries ??= []).push({ runId: event.command.runId, markRaw: event.markRaw });
        else if (event.type === 'commandFinished' && event.markRaw !== null) (boundaries ??= []).push({ runId: null, markRaw: event.markRaw, finished: true });
      }
    } catch (error) {
      // A parser bug must never lose output: the bytes are still recorded and shown.
      this.options.log?.(`firebreak: shell-mark parsing failed in session ${session.info.id}: ${(error as Error).message}`);
      text ||= bytes.toString('utf8');
    }
    if (this.options.output) {
      // A read split at a run's marks goes as raw pieces (the sink decodes those itself); a whole read
      // comes with its decoded text (marks included, as the bytes hold them), sparing a redacting sink a second decoder.
      if (boundaries) recordSplitAtMarks(this.options.output, session.info.id, runAtStart, bytes, boundaries);
      else this.options.output.write(session.info.id, runAtStart, bytes, decoded);
      if (!this.recorderBehind && this.options.output.backedUp?.()) this.holdForRecorder(this.options.output);
    }
    this.options.onRawOutput?.(session.info.id, bytes);
    this.remember(session, text);
    session.batcher.push(text);
  }

  private handleTrackerEvent(session: LiveSession, event: CommandTrackerEvent): void {
    const info = session.info;
    if (info.integration !== 'active') {
      clearTimeout(session.integrationTimer);
      info.integration = 'active';
      info.integrationNote = null;
      this.announce(session);
    }
    switch (event.type) {
      case 'promptReady':
        session.atPrompt = true;
        break;
      case 'commandStarted':
        session.atPrompt = false;
        session.recordingRunId = event.command.runId;
        info.busy = true;
        this.announce(session);
        this.options.hub.emit('terminal:command', { sessionId: info.id, command: toTerminalCommand(event.command) });
        break;
      case 'commandFinished':
        session.recordingRunId = null;
        info.busy = false;
        this.announce(session);
        this.options.hub.emit('terminal:command', { sessionId: info.id, command: toTerminalCommand(event.command) });
        if (event.command.origin === 'manual') this.recordManual(session, event.command);
        break;
      case 'cwdChanged':
        info.cwd = event.cwd;
        this.announce(session);
        break;
    }
    for (const listener of this.listeners) listener.onTrackerEvent?.(info.id, event);
  }

  private recordManual(session: LiveSession, command: CommandRecord): void {
    const mask = this.options.maskSecrets ?? ((text: string) => text);
    this.writeTimeline(session, {
      kind: 'command.manual',
      data: {
        sessionId: session.info.id,
        commandLine: mask(command.commandLine),
        commandLineExact: command.commandLineExact,
        exitCode: command.exitCode,
        durationMs: command.finishedAt === null ? null : command.finishedAt - command.startedAt,
        cwd: command.cwd,
        state: command.state,
      },
    });
  }

  private exited(session: LiveSession, exitCode: number, signal: number | null): void {
    if (session.exited) return;
    session.exited = true;
    clearTimeout(session.integrationTimer);
    clearTimeout(session.resizeTimer);
    const tail = session.decoder.end();
    const events = [...session.parser.push(tail), ...session.parser.end()];
    const text = joinText(events);
    for (const event of [...session.tracker.consume(events), ...session.tracker.end()]) this.handleTrackerEvent(session, event);
    this.remember(session, text);
    session.batcher.push(text);
    session.batcher.dispose();
    this.options.output?.flush();
    const info = session.info;
    info.state = 'exited';
    // node-pty reports a signal death as exit code 0 with the signal; the shell did not choose 0.
    info.exitCode = signal ? null : exitCode;
    info.signal = signal || null;
    info.busy = false;
    if (info.integration === 'pending') info.integration = 'unavailable';
    info.endMessage = session.closing ? 'Firebreak closed the terminal (its shell was ended in order).' : endMessage(info, this.now() - Date.parse(info.startedAt));
    this.announce(session);
    this.options.hub.emit('terminal:exit', { sessionId: info.id, exitCode: info.exitCode, signal: info.signal });
    this.writeTimeline(session, {
      kind: 'session.ended',
      data: {
        sessionId: info.id,
        shell: info.shell,
        pid: info.pid,
        exitCode: info.exitCode,
        signal: info.signal,
        generation: info.generation,
        message: info.endMessage,
        ...(session.closing ? { orderly: true } : {}),
      },
    });
    for (const listener of this.listeners) listener.onSessionExit?.(info.id, info.exitCode, info.signal);
  }

  private announceStart(session: LiveSession): void {
    const info = session.info;
    this.writeTimeline(session, {
      kind: 'session.started',
      data: {
        sessionId: info.id,
        shell: info.shell,
        shellKind: info.shellKind,
        pid: info.pid,
        cwd: info.cwd,
        integration: info.integration,
        integrationNote: info.integrationNote,
        generation: info.generation,
        cols: info.cols,
        rows: info.rows,
      },
    });
    this.announce(session);
  }

  /**
   * The recorder has more in hand than it should (a slow or busy disk):
   * every session's program waits, paused at its pty, until the recorder
   * has room again. Nothing is dropped and no thread blocks.
   */
  private holdForRecorder(output: OutputSink): void {
    // A sink that cannot say when it has room again is never waited for: a pause nothing ends would hold every shell.
    if (!output.whenDrained) return;
    this.recorderBehind = true;
    for (const session of this.sessions.values()) this.applyPause(session);
    output.whenDrained(() => {
      this.recorderBehind = false;
      for (const session of this.sessions.values()) this.applyPause(session);
    });
  }

  /** Pauses or resumes a session's pty as the viewer's flow control and the recorder's room together require. */
  private applyPause(session: LiveSession): void {
    if (session.exited) return;
    const pause = session.flow.isPaused || this.recorderBehind;
    if (pause === session.ptyPaused) return;
    session.ptyPaused = pause;
    if (pause) session.pty.pause();
    else session.pty.resume();
  }

  private announce(session: LiveSession): void {
    this.options.hub.emit('terminal:session', { ...session.info });
    for (const listener of this.listeners) listener.onSessionChanged?.(session.info.id);
  }

  /** The incident a new session records into; null while there is no record to write to (the terminal works anyway). */
  private sessionIncident(): string | null {
    try {
      return this.options.incidentForSession?.() ?? null;
    } catch (error) {
      this.options.log?.(`firebreak: this session is not recorded: ${(error as Error).message}`);
      return null;
    }
  }

  private writeTimeline(session: LiveSession, entry: SessionEventEntry): void {
    if (!this.options.timeline) return;
    try {
      // A session opened before any incident existed joins the one the responder's first action records into.
      session.info.incidentId ??= this.sessionIncident();
      if (session.info.incidentId === null) return;
      this.options.timeline(session.info.incidentId, entry);
    } catch (error) {
      // The terminal keeps working without a timeline; steps refuse to run instead.
      this.options.log?.(`firebreak: could not record ${entry.kind}: ${(error as Error).message}`);
    }
  }

  private remember(session: LiveSession, text: string): void {
    if (!text) return;
    session.replay.push(text);
    session.replayChars += text.length;
    while (session.replayChars > REPLAY_LIMIT_CHARS && session.replay.length > 1) {
      session.replayChars -= session.replay.shift()!.length;
    }
  }

  private require(sessionId: string): LiveSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new NotFound(`No terminal session ${sessionId}; it may have been closed.`);
    return session;
  }

  private requireRunning(sessionId: string): LiveSession {
    const session = this.require(sessionId);
    if (session.info.state !== 'running') {
      const how = session.info.signal ? `was killed by signal ${session.info.signal}` : `has exited (code ${session.info.exitCode ?? 'unknown'})`;
      throw new Conflict(`The shell in this session ${how}; restart it to continue.`);
    }
    return session;
  }
}

/** Quick exits right after start are spawn failures in disguise (exec failed, a startup file exits). */
const EARLY_EXIT_MS = 2_000;

function endMessage(info: TerminalSession, livedMs: number): string {
  if (info.signal) return `The shell was ended by signal ${info.signal}${info.signal === 9 ? ' (killed from outside)' : ''}.`;
  if (info.exitCode !== 0 && livedMs < EARLY_EXIT_MS) {
    return `The shell exited right after starting (code ${info.exitCode}); its message is in the terminal. Check the shell (${info.shell}) and its startup files.`;
  }
  return `The shell exited with code ${info.exitCode}.`;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function joinText(events: ReadonlyArray<{ type: string; text?: string }>): string {
  let text = '';
  for (const event of events) if (event.type === 'text') text += event.text;
  return text;
}

function toTerminalCommand(command: CommandRecord): TerminalCommand {
  return {
    sequence: command.sequence,
    commandLine: command.commandLine,
    origin: command.origin,
    runId: command.runId,
    cwd: command.cwd,
    state: command.state,
    exitCode: command.exitCode,
    startedAt: command.startedAt,
    finishedAt: command.finishedAt,
  };
}

/** The shell's path if it can be executed: as given when it has a slash, else searched in PATH. */
export function findExecutable(command: string, env: NodeJS.ProcessEnv): string | undefined {
  const isExecutable = (file: string) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (process.platform === 'win32') return command;
  if (command.includes('/')) return isExecutable(command) ? command : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}
