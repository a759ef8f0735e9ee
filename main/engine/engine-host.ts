import { type EngineQuestion, type EngineStartOptions, ParentMessageSchema, type HostMessage } from '../../shared/ipc/engine-protocol';
import { ParentForkLabLauncher } from '../drills/lab-launcher';
import { LabManager } from '../drills/lab-manager';
import { AppServices } from '../services/app-services';
import { deliverLink } from './engine-connection';
import type { EngineHostPort } from './engine-port';

/**
 * The engine host: runs inside the engine process (an Electron utility
 * process in the app, a child_process.fork under `firebreak serve`), builds
 * AppServices from the options the parent sends in `start`, answers calls
 * through the ContractRouter, forwards every hub event, and shuts down in
 * order (runs finished as cancelled, session.ended recorded, store closed)
 * when asked or when the parent goes away. Ptys, recorders and SQLite never
 * share a thread with the window's IPC.
 */
export function runEngineHost(port: EngineHostPort, log: (message: string) => void = (message) => process.stderr.write(`${message}\n`)): { stop(): void } {
  let services: AppServices | undefined;
  let stopping = false;
  let viewers: number | undefined;
  let nextAsk = 0;
  const asks = new Map<number, { resolve: (value: string | undefined) => void; reject: (error: Error) => void }>();
  const send = (message: HostMessage) => port.send(message);
  /** With start option labs: 'parent', drill lab processes are forked by the parent (labFork), not spawned here. */
  let labLauncher: ParentForkLabLauncher | undefined;

  /** A question only the parent can answer (the OS keychain lives in Electron main). */
  const ask = (question: EngineQuestion): Promise<string | undefined> =>
    new Promise((resolve, reject) => {
      const id = nextAsk++;
      asks.set(id, { resolve, reject });
      send({ type: 'ask', id, ask: question });
    });

  const start = (options: EngineStartOptions) => {
    if (services) return;
    try {
      if (options.labs === 'parent') labLauncher = new ParentForkLabLauncher((request) => send(request));
      services = new AppServices({
        dataDir: options.dataDir,
        runbookFolders: options.runbookFolders,
        host: options.host,
        version: options.version,
        log,
        ...(options.shell ? { terminal: { shell: options.shell } } : {}),
        ...(options.watchRunbooks === undefined ? {} : { watchRunbooks: options.watchRunbooks }),
        ...(labLauncher ? { drillLabs: new LabManager({ launcher: labLauncher }) } : {}),
        ...(options.keychain
          ? {
              teamPassword: () => ask({ question: 'teamPassword' }),
              // Awaited by team:set-password, so the keychain's refusal reaches the page as the call's error.
              saveTeamPassword: async (password: string) => void (await ask({ question: 'saveTeamPassword', password })),
            }
          : {}),
      });
    } catch (error) {
      send({ type: 'startFailed', message: error instanceof Error ? error.message : String(error) });
      port.exit(1);
      return;
    }
    if (viewers !== undefined) services.terminals.setViewerCount(viewers);
    services.hub.subscribe((channel, payload) => send({ type: 'event', channel, payload }));
    send({ type: 'ready', warnings: [...services.warnings], problems: [...services.library.list().problems] });
  };

  /** Orderly stop, once: the record is complete before the process exits. */
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const pending of asks.values()) pending.reject(new Error('The engine is stopping.'));
    asks.clear();
    void (services ? services.shutdown() : Promise.resolve())
      .catch((error: unknown) => log(`firebreak: shutdown failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        send({ type: 'stopped' });
        port.exit(0);
      });
  };

  port.onMessage((raw) => {
    const parsed = ParentMessageSchema.safeParse(raw);
    if (!parsed.success) {
      // A start the host cannot accept must not leave the parent waiting for a readiness that never comes.
      if (!services && (raw as { type?: unknown } | null)?.type === 'start') {
        send({ type: 'startFailed', message: `the start options were refused: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}` });
        port.exit(1);
        return;
      }
      log(`firebreak: engine host: a malformed message was dropped (${parsed.error.issues[0]?.message ?? 'invalid'}).`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'start':
        start(message.options);
        return;
      case 'call': {
        const current = services;
        if (!current || stopping) {
          send({ type: 'result', id: message.id, envelope: { ok: false, error: { code: 'unavailable', message: stopping ? 'Firebreak is quitting.' : 'The engine has not started.' } } });
          return;
        }
        void current.router.dispatch(message.channel, message.payload, message.context).then((envelope) => send({ type: 'result', id: message.id, envelope }));
        return;
      }
      case 'viewers':
        viewers = message.count;
        services?.terminals.setViewerCount(message.count);
        return;
      case 'openLink':
        send({
          type: 'result',
          id: message.id,
          envelope: services ? deliverLink(services, message.url) : { ok: false, error: { code: 'unavailable', message: 'The engine has not started.' } },
        });
        return;
      case 'answer': {
        const pending = asks.get(message.id);
        asks.delete(message.id);
        if (!pending) return;
        if (message.ok) pending.resolve(message.value);
        else pending.reject(new Error(message.error ?? 'The parent could not answer.'));
        return;
      }
      case 'shutdown':
        stop();
        return;
      case 'labForked':
      case 'labForkFailed':
      case 'labExit':
        labLauncher?.receive(message);
        return;
    }
  });
  // The parent crashed or was killed: nobody will ask for a shutdown, so the record is closed now.
  port.onParentGone(stop);
  return { stop };
}
