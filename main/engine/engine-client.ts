import type { EventChannel } from '../../shared/ipc/contract';
import { isEventChannel } from '../../shared/ipc/contract';
import type { Envelope } from '../../shared/ipc/envelope';
import { type EngineQuestion, type EngineStartOptions, HostMessageSchema, type ParentMessage } from '../../shared/ipc/engine-protocol';
import type { CallContext } from '../services/contract-router';
import type { EngineConnection } from './engine-connection';
import type { EngineProcessPort } from './engine-port';
import type { LabForker } from './lab-forker';

/** What the engine host says when AppServices is built. */
export interface EngineReady {
  warnings: string[];
  problems: string[];
}

/** A call that can no longer be answered: the engine host process is gone. */
export class EngineGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineGoneError';
  }
}

export interface EngineClientOptions {
  /** Answers the host's questions the parent alone can answer (the team password in the OS keychain). */
  answer?: (question: EngineQuestion) => Promise<string | undefined>;
  log?: (message: string) => void;
  /**
   * Forks the engine's drill lab processes (start option labs: 'parent'):
   * Electron main, whose utilityProcess.fork runs them without a Node install.
   * Every lab it forked is ended when the engine process ends.
   */
  labForker?: LabForker;
}

interface Pending {
  resolve: (envelope: Envelope<unknown>) => void;
  reject: (error: Error) => void;
  channel: string;
}

/**
 * The parent's end of the engine host (Electron main, `firebreak serve`):
 * the same dispatch and events the transports used to take from an
 * in-process AppServices. Calls made while the host starts wait for
 * readiness; if the host dies, every pending call is rejected with a message
 * saying so, later calls fail the same way, and onExit listeners (the
 * window) are told.
 */
export class EngineClient implements EngineConnection {
  /** Resolves when AppServices is built in the host; rejects if it could not be or the host died first. */
  readonly ready: Promise<EngineReady>;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(channel: EventChannel, payload: unknown) => void>();
  private readonly exitListeners = new Set<(message: string, expected: boolean) => void>();
  private nextId = 0;
  private gone: EngineGoneError | undefined;
  private stopRequested = false;
  private readonly exited: Promise<void>;
  private resolveReady!: (ready: EngineReady) => void;
  private rejectReady!: (error: Error) => void;

  constructor(
    private readonly port: EngineProcessPort,
    options: EngineStartOptions,
    private readonly clientOptions: EngineClientOptions = {},
  ) {
    this.ready = new Promise<EngineReady>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // Nobody may be waiting on readiness (calls await it themselves); an unhandled rejection must not end the parent.
    this.ready.catch(() => {});
    this.exited = new Promise<void>((resolve) =>
      port.onExit((why) => {
        this.hostGone(why);
        resolve();
      }),
    );
    port.onMessage((raw) => this.receive(raw));
    this.send({ type: 'start', options });
  }

  /** Runs a contract call in the engine. Never throws: a dead engine is an `unavailable` envelope with the reason. */
  async dispatch(channel: unknown, payload: unknown, context: CallContext): Promise<Envelope<unknown>> {
    try {
      return await this.call(String(channel), payload, context);
    } catch (error) {
      return { ok: false, error: { code: 'unavailable', message: error instanceof Error ? error.message : String(error) } };
    }
  }

  /** Like dispatch, but a call the engine can no longer answer rejects with EngineGoneError. */
  async call(channel: string, payload: unknown, context: CallContext): Promise<Envelope<unknown>> {
    await this.ready;
    return this.request(channel, (id) => ({ type: 'call', id, channel, payload, context }));
  }

  subscribe(listener: (channel: EventChannel, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setViewerCount(count: number): void {
    // The host keeps the count until its services exist, so this need not wait for readiness.
    this.send({ type: 'viewers', count });
  }

  async openLink(url: string): Promise<Envelope<unknown>> {
    try {
      await this.ready;
      return await this.request('open link', (id) => ({ type: 'openLink', id, url }));
    } catch (error) {
      return { ok: false, error: { code: 'unavailable', message: error instanceof Error ? error.message : String(error) } };
    }
  }

  /** Told once when the host process ends: `expected` after shutdown(), otherwise a crash the window must show. */
  onExit(listener: (message: string, expected: boolean) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /**
   * The orderly stop: the host finishes runs as cancelled, ends every shell
   * (session.ended recorded) and closes the store, then exits. Resolves when
   * the process has exited; past `timeoutMs` it is killed.
   */
  async shutdown(timeoutMs = 15_000): Promise<void> {
    this.stopRequested = true;
    if (!this.gone) this.send({ type: 'shutdown' });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.clientOptions.log?.(`firebreak: the engine did not stop within ${timeoutMs / 1000} s; it was killed.`);
      this.port.kill();
      await this.exited;
    }
  }

  private request(label: string, message: (id: number) => ParentMessage): Promise<Envelope<unknown>> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<Envelope<unknown>>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, channel: label });
      this.send(message(id));
    });
  }

  private send(message: ParentMessage): void {
    if (!this.gone) this.port.send(message);
  }

  private receive(raw: unknown): void {
    const parsed = HostMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.clientOptions.log?.(`firebreak: a malformed message from the engine was dropped (${parsed.error.issues[0]?.message ?? 'invalid'}).`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.resolveReady({ warnings: message.warnings, problems: message.problems });
        return;
      case 'startFailed':
        this.rejectReady(new EngineGoneError(`The Firebreak engine could not start: ${message.message}`));
        return;
      case 'result': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        pending?.resolve(message.envelope as Envelope<unknown>);
        return;
      }
      case 'event':
        if (!isEventChannel(message.channel)) return;
        for (const listener of this.listeners) {
          try {
            listener(message.channel, message.payload);
          } catch {
            // One broken transport must not keep the others from hearing the event.
          }
        }
        return;
      case 'ask':
        void this.answer(message.id, message.ask);
        return;
      case 'stopped':
        // The exit follows; pending calls are settled there.
        return;
      case 'labFork':
        if (this.clientOptions.labForker) this.clientOptions.labForker.handle(message, (reply) => this.send(reply));
        else this.send({ type: 'labForkFailed', id: message.id, message: 'This host does not fork lab processes.' });
        return;
    }
  }

  private async answer(id: number, question: EngineQuestion): Promise<void> {
    try {
      if (!this.clientOptions.answer) throw new Error('This host cannot answer that.');
      const value = await this.clientOptions.answer(question);
      this.send({ type: 'answer', id, ok: true, ...(value === undefined ? {} : { value }) });
    } catch (error) {
      this.send({ type: 'answer', id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private hostGone(why: string): void {
    if (this.gone) return;
    const expected = this.stopRequested;
    const message = expected
      ? `Firebreak is quitting: the engine has stopped (${why}).`
      : `The Firebreak engine stopped unexpectedly (${why}). The record is kept up to its last event; quit and reopen Firebreak to go on.`;
    this.gone = new EngineGoneError(message);
    this.rejectReady(this.gone);
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new EngineGoneError(`${message} The call ${pending.channel} got no answer.`));
    }
    for (const listener of this.exitListeners) listener(message, expected);
    // The engine's labs watch their parent, which is this process: nobody else will stop them now.
    void this.clientOptions.labForker?.stopAll();
  }
}
