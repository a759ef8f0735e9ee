import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import { IPC_PREFIX } from '../../shared/ipc/contract';
import type { EngineConnection } from '../engine/engine-connection';
import { isTrustedFrame } from './trusted-frame';

export const INVOKE_CHANNEL = `${IPC_PREFIX}invoke`;
export const EVENT_CHANNEL = `${IPC_PREFIX}event`;

/** Whether an IPC message comes from our own page in our own window. */
export function isTrustedSender(frame: WebFrameMain | null | undefined, window: BrowserWindow | null): boolean {
  if (!window || window.isDestroyed()) return false;
  return isTrustedFrame(frame, window.webContents.mainFrame);
}

/**
 * Wires the contract to Electron IPC: one invoke channel in, one event
 * channel out. The engine answers from its own process (the engine host);
 * a call made while it starts waits, one it can no longer answer comes back
 * as an `unavailable` envelope that says why.
 */
export function registerIpc(engine: EngineConnection, getWindow: () => BrowserWindow | null): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, channel: unknown, payload: unknown) => {
    if (!isTrustedSender(event.senderFrame, getWindow())) {
      return { ok: false, error: { code: 'forbidden', message: 'This window is not allowed to call Firebreak.' } };
    }
    return engine.dispatch(channel, payload, { transport: 'electron', clientId: String(event.sender.id) });
  });
  const unsubscribe = engine.subscribe((channel, payload) => {
    const window = getWindow();
    if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, channel, payload);
  });
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}
