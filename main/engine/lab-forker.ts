import fs from 'node:fs';
import {
  LabScriptMessageSchema,
  type LabForkMessage,
  type LabForkReplyMessage,
  type LabScriptReply,
} from '../../shared/ipc/engine-protocol';
import type { LabLaunchRequest } from '../drills/lab-launcher';
import { STOP_GRACE_MS, stopProcessTree } from '../drills/process-tree';

/**
 * A forked lab process as the forker uses it: Electron's UtilityProcess (the
 * app), or a child_process.fork child with postMessage over its IPC channel
 * (node-lab-fork.ts: tests). Typed here so this module needs no Electron.
 */
export interface LabProcessLike {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  on(event: 'spawn', listener: () => void): unknown;
  /** Electron passes the exit code alone; Node also the signal. */
  on(event: 'exit', listener: (code: number | null, signal?: NodeJS.Signals | null) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(message: unknown): void;
  /** SIGTERM. */
  kill(): boolean;
}

export interface LabForkOptions {
  cwd: string;
  /** The whole environment of the process. */
  env: Record<string, string>;
  /** How the process is named in process lists and Electron's metrics. */
  serviceName: string;
}

/** Forks `script` with Node semantics, its stdout and stderr piped: utilityProcess.fork in the app. */
export type ForkLabProcess = (script: string, args: string[], options: LabForkOptions) => LabProcessLike;

/**
 * How a forked lab process talks back (FIREBREAK_LAB_TRANSPORT, read by
 * labs/scripts/lab-node-child.cjs): Electron's process.parentPort, or a Node
 * IPC channel (process.send).
 */
export type LabTransport = 'parentPort' | 'ipc';

export interface LabForkerOptions {
  fork: ForkLabProcess;
  transport: LabTransport;
  log?: (message: string) => void;
  /** How long a forked child gets after SIGTERM before SIGKILL when the lab process it was forked for is gone (ms). */
  graceMs?: number;
}

/** What is told about one forked process. */
interface ForkEvents {
  forked(pid: number): void;
  failed(message: string): void;
  /** Sent once the process has ended and so has every child forked for it. */
  exit(code: number | null, signal: NodeJS.Signals | null): void;
}

/** What to fork: the request the engine's lab launcher makes (the same fields for a lab script's own child). */
type ForkSpec = LabLaunchRequest;

interface Forked {
  name: string;
  process: LabProcessLike;
  pid: number | undefined;
  exited: boolean;
  /** Node children this process asked for (scripts/lab-node-child.cjs). */
  children: Set<Forked>;
  /** Resolves once the exit is reported. */
  gone: Promise<void>;
  /** stop() came before it had spawned. */
  stopAsked?: boolean;
}

/**
 * The parent's side of drill labs in the packaged app (Electron main): forks
 * each lab process the engine asks for (`labFork`) and each Node child a lab
 * process asks for (`labChildFork`, scripts/lab-node-child.cjs), appends
 * their stdout and stderr to the log file named in the request, answers with
 * the pid and relays the exit. A lab process's children end with it: when it
 * exits, the forker stops what was forked for it (SIGTERM, then SIGKILL)
 * before it reports the exit, so the engine's `labExit` means the whole lab
 * process is gone. stopAll() ends everything (the engine died: nobody else
 * will stop its labs).
 */
export class LabForker {
  private readonly labs = new Set<Forked>();
  private readonly graceMs: number;

  constructor(private readonly options: LabForkerOptions) {
    this.graceMs = options.graceMs ?? STOP_GRACE_MS;
  }

  /** Serves one `labFork` from the engine: `labForked` or `labForkFailed`, then `labExit`, through `send`. */
  handle(request: LabForkMessage, send: (reply: LabForkReplyMessage) => void): void {
    const { id, type: _type, ...spec } = request;
    this.start(spec, {
      forked: (pid) => send({ type: 'labForked', id, pid }),
      failed: (message) => send({ type: 'labForkFailed', id, message }),
      exit: (code, signal) => send({ type: 'labExit', id, code, signal }),
    });
  }

  /** Pids of the lab processes running now (not their children). */
  pids(): number[] {
    return [...this.labs].flatMap((entry) => (entry.pid !== undefined && !entry.exited ? [entry.pid] : []));
  }

  /** Ends every lab process, what it started and what was forked for it; resolves when they are gone. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.labs].map((entry) => this.stop(entry)));
  }

  private start(spec: ForkSpec, events: ForkEvents, parent?: Forked): void {
    let child: LabProcessLike;
    try {
      child = this.options.fork(spec.script, spec.args, {
        cwd: spec.cwd,
        env: { ...spec.env, FIREBREAK_LAB_TRANSPORT: this.options.transport },
        serviceName: `Firebreak drill lab: ${spec.name}`,
      });
    } catch (error) {
      events.failed(`${spec.name} could not be forked: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    let reportGone!: () => void;
    const entry: Forked = { name: spec.name, process: child, pid: undefined, exited: false, children: new Set(), gone: new Promise((resolve) => (reportGone = resolve)) };
    const owner = parent ? parent.children : this.labs;
    owner.add(entry);
    const closeLog = this.writeLog(spec.logFile, child);
    let spawned = false;
    child.on('spawn', () => {
      spawned = true;
      entry.pid = child.pid;
      if (entry.pid === undefined) return;
      events.forked(entry.pid);
      // Forked for a process that has ended meanwhile, or asked to stop before it had started: it goes now.
      if (parent?.exited || entry.stopAsked) void this.stop(entry);
    });
    child.on('message', (raw) => this.onScriptMessage(entry, raw));
    child.on('exit', (code, signal) => {
      if (entry.exited) return;
      entry.exited = true;
      void this.endChildren(entry).then(() => {
        closeLog();
        owner.delete(entry);
        if (spawned) events.exit(code, signal ?? null);
        else events.failed(`${spec.name} could not be started (exit code ${code})`);
        reportGone();
      });
    });
  }

  /** A request from a lab process: checked, then served like the engine's, one level down. */
  private onScriptMessage(entry: Forked, raw: unknown): void {
    const parsed = LabScriptMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.options.log?.(`firebreak: a malformed message from lab process ${entry.name} was dropped (${parsed.error.issues[0]?.message ?? 'invalid'}).`);
      return;
    }
    const { id, type: _type, ...spec } = parsed.data;
    const reply = (message: LabScriptReply) => {
      if (entry.exited) return;
      try {
        entry.process.postMessage(message);
      } catch {
        // The process is going: its exit follows.
      }
    };
    this.start({ name: `${entry.name} child`, ...spec }, {
      forked: (pid) => reply({ type: 'labChildForked', id, pid }),
      failed: (message) => reply({ type: 'labChildForkFailed', id, message }),
      exit: (code, signal) => reply({ type: 'labChildExit', id, code, signal }),
    }, entry);
  }

  /** SIGTERM the process and its descendants, SIGKILL survivors, and wait for its exit report. */
  private async stop(entry: Forked): Promise<void> {
    if (entry.exited) return entry.gone;
    if (entry.pid === undefined) {
      // Not started yet: a kill now may come too early to count, so the spawn that follows stops it too.
      entry.stopAsked = true;
      entry.process.kill();
    } else await stopProcessTree(entry.pid, this.graceMs);
    await Promise.race([entry.gone, new Promise((resolve) => setTimeout(resolve, 2 * this.graceMs).unref())]);
  }

  private async endChildren(entry: Forked): Promise<void> {
    await Promise.all([...entry.children].map((child) => this.stop(child)));
  }

  /** Appends the process's stdout and stderr to `file`; the returned function closes it once both streams have ended. */
  private writeLog(file: string, child: LabProcessLike): () => void {
    const streams = [child.stdout, child.stderr].filter((stream): stream is NodeJS.ReadableStream => stream !== null);
    let log: fs.WriteStream | undefined;
    try {
      log = fs.createWriteStream(file, { flags: 'a' });
      log.on('error', (error) => this.options.log?.(`firebreak: cannot write the lab log ${file}: ${error.message}`));
    } catch {
      log = undefined;
    }
    let open = streams.length;
    let exited = false;
    const maybeClose = () => {
      if (exited && open === 0) log?.end();
    };
    for (const stream of streams) {
      if (log) stream.pipe(log, { end: false });
      else stream.resume();
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        open--;
        maybeClose();
      };
      stream.on('end', end);
      stream.on('close', end);
      stream.on('error', end);
    }
    return () => {
      exited = true;
      maybeClose();
    };
  }
}
