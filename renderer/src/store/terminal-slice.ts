import type { StateCreator } from 'zustand';
import type { TerminalSession } from '../../../shared/model/terminal';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';

export interface TerminalSlice {
  sessions: TerminalSession[];
  activeSessionId: string | null;
  /** Opens the first session, or adopts the ones main already has (after a reload). */
  ensureSession(cols: number, rows: number): Promise<string | null>;
  markSessionExited(sessionId: string, exitCode: number | null): void;
}

export const createTerminalSlice: StateCreator<AppState, [], [], TerminalSlice> = (set, get) => {
  let opening: Promise<string | null> | null = null;
  return {
    sessions: [],
    activeSessionId: null,
    ensureSession(cols, rows) {
      const active = get().activeSessionId;
      if (active) return Promise.resolve(active);
      opening ??= (async () => {
        try {
          const existing = (await call('terminal:list', {})).filter((session) => session.state === 'running');
          const session = existing[0] ?? (await call('terminal:open', { cols, rows }));
          set({ sessions: existing.length ? existing : [session], activeSessionId: session.id });
          return session.id;
        } catch (error) {
          get().reportError(error);
          return null;
        } finally {
          opening = null;
        }
      })();
      return opening;
    },
    markSessionExited(sessionId, exitCode) {
      set({
        sessions: get().sessions.map((session) =>
          session.id === sessionId ? { ...session, state: 'exited', exitCode } : session,
        ),
      });
    },
  };
};
