import '../../shared/ipc/zod-jitless';
import { contextBridge, ipcRenderer } from 'electron';
import { isEventChannel, isRequestChannel, IPC_PREFIX } from '../../shared/ipc/contract';

/**
 * Exposes exactly one object built from the contract: `window.firebreak`
 * with `invoke` and `on`. Never ipcRenderer itself, never the raw IPC event.
 */
type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(`${IPC_PREFIX}event`, (_event, channel: unknown, payload: unknown) => {
  if (typeof channel !== 'string') return;
  for (const listener of listeners.get(channel) ?? []) listener(payload);
});

contextBridge.exposeInMainWorld('firebreak', {
  host: 'electron',
  invoke(channel: unknown, request: unknown): Promise<unknown> {
    if (!isRequestChannel(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'bad_request', message: `Unknown channel "${String(channel)}".` } });
    }
    return ipcRenderer.invoke(`${IPC_PREFIX}invoke`, channel, request);
  },
  on(channel: unknown, listener: unknown): () => void {
    if (!isEventChannel(channel) || typeof listener !== 'function') return () => {};
    const set = listeners.get(channel) ?? new Set<Listener>();
    listeners.set(channel, set);
    const wrapped: Listener = (payload) => (listener as Listener)(payload);
    set.add(wrapped);
    return () => set.delete(wrapped);
  },
});
