import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { IPty } from 'node-pty';
import { ContractFailure } from '../../shared/ipc/envelope';
import type { TerminalSession } from '../../shared/model/terminal';
import type { EventHub } from '../services/event-hub';
import { FlowControl } from './flow-control';
import { OutputBatcher } from './output-batcher';
import { loadNodePty } from './load-node-pty';

/** How much recent output a session keeps for a viewer that reattaches. */
export const REPLAY_LIMIT_CHARS = 256 * 1024;

export interface TerminalServiceOptions {
  hub: EventHub;
  /** Shell to start; defaults to $SHELL, then /bin/bash (cmd.exe's successor on Windows). */
  shell?: string;
  shellArgs?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Every byte the pty produced, in order, before any decoding. */
  onRawOutput?: (sessionId: string, bytes: Buffer) => void;
}

interface LiveSession {
  info: TerminalSession;
  pty: IPty;
  decoder: StringDecoder;
  batcher: OutputBatcher;
  flow: FlowControl;
  replay: string[];
  replayChars: number;
}

/** Real shells on node-pty, with batching and flow control between pty and viewer. */
export class TerminalService {
  private readonly sessions = new Map<string, LiveSession>();

  constructor(private readonly options: TerminalServiceOptions) {}

  defaultShell(): string {
    if (this.options.shell) return this.options.shell;
    if (process.platform === 'win32') return process.env.COMSPEC ?? 'powershell.exe';
    return process.env.SHELL || '/bin/bash';
  }

  open(cols: number, rows: number): TerminalSession {
    const pty = loadNodePty();
    const shell = this.defaultShell();
    const args = this.options.shellArgs ?? (process.platform === 'win32' ? [] : ['-i']);
    const cwd = this.options.cwd ?? os.homedir();
    // node-pty forks before exec, so a missing shell would only show as an instant exit; say it plainly instead.
    if (!findExecutable(shell, this.options.env ?? process.env)) {
      throw new ContractFailure('unavailable', `Cannot start the shell "${shell}": no such executable. Set $SHELL or pass --shell.`);
    }
    let child: IPty;
    try {
      child = pty.spawn(shell, args, {
        name: 'xterm-256color',
        cols,
        rows,
        cwd,
        env: { ...(this.options.env ?? process.env), TERM: 'xterm-256color', FIREBREAK: '1' } as Record<string, string>,
        // Raw bytes: decoding happens here, once, so nothing is lost or mangled at chunk edges.
        encoding: null,
      } as Parameters<typeof pty.spawn>[2]);
    } catch (error) {
      throw new ContractFailure('unavailable', `Cannot start the shell "${shell}": ${(error as Error).message}`);
    }
    const id = randomUUID();
    const info: TerminalSession = { id, shell, pid: child.pid, cwd, cols, rows, state: 'running', exitCode: null };
    const session: LiveSession = {
      info,
      pty: child,
      decoder: new StringDecoder('utf8'),
      batcher: new OutputBatcher((data) => {
        session.flow.sent(data.length);
        this.options.hub.emit('terminal:output', { sessionId: id, data });
      }),
      flow: new FlowControl(
        () => child.pause(),
        () => child.resume(),
      ),
      replay: [],
      replayChars: 0,
    };
    this.sessions.set(id, session);
    child.onData((chunk: string | Buffer) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      this.options.onRawOutput?.(id, bytes);
      const text = session.decoder.write(bytes);
      this.remember(session, text);
      session.batcher.push(text);
    });
    child.onExit(({ exitCode, signal }) => {
      const tail = session.decoder.end();
      this.remember(session, tail);
      session.batcher.push(tail);
      session.batcher.dispose();
      info.state = 'exited';
      info.exitCode = exitCode;
      this.options.hub.emit('terminal:exit', { sessionId: id, exitCode, signal: signal ?? null });
    });
    return { ...info };
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

  write(sessionId: string, data: string): void {
    const session = this.requireRunning(sessionId);
    session.pty.write(data);
  }

  resize(sessionId: string, cols: number, rows: number): void {
    const session = this.requireRunning(sessionId);
    session.pty.resize(cols, rows);
    session.info.cols = cols;
    session.info.rows = rows;
  }

  acknowledge(sessionId: string, chars: number): void {
    this.sessions.get(sessionId)?.flow.acknowledged(chars);
  }

  close(sessionId: string): void {
    const session = this.require(sessionId);
    if (session.info.state === 'running') session.pty.kill();
    this.sessions.delete(sessionId);
  }

  dispose(): void {
    for (const session of this.sessions.values()) {
      if (session.info.state === 'running') {
        try {
          session.pty.kill();
        } catch {
          // Already gone.
        }
      }
    }
    this.sessions.clear();
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
    if (!session) throw new ContractFailure('not_found', `No terminal session ${sessionId}; it may have been closed.`);
    return session;
  }

  private requireRunning(sessionId: string): LiveSession {
    const session = this.require(sessionId);
    if (session.info.state !== 'running') {
      throw new ContractFailure('conflict', `The shell in this session has exited (code ${session.info.exitCode ?? 'unknown'}); restart it to continue.`);
    }
    return session;
  }
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
