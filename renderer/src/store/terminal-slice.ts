import type { StateCreator } from 'zustand';
import type { AvailableShell, TerminalSession } from '../../../shared/model/terminal';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';

/** Geometry for a session opened before its view has measured itself; the view resizes it at once. */
const DEFAULT_COLS = 120;
const DEFAULT_ROWS = 30;

export interface TerminalSlice {
  sessions: TerminalSession[];
  activeSessionId: string | null;
  shells: AvailableShell[];
  /** Adopts the sessions main already has (after a reload), or opens the first one. */
  ensureSession(): Promise<string | null>;
  openSession(shell?: string): Promise<void>;
  restartSession(sessionId: string): Promise<void>;
  closeSession(sessionId: string): Promise<void>;
  activateSession(sessionId: string): void;
  /** Main says a session changed (started, cwd, busy, ended): replace our copy. */
  sessionChanged(session: TerminalSession): void;
  loadShells(): Promise<void>;
  /** Replaces the session list with main's (after a reconnect: terminal:session events may have been missed). */
  refreshSessions(): Promise<void>;
}

export const createTerminalSlice: StateCreator<AppState, [], [], TerminalSlice> = (set, get) => {
  let ensuring: Promise<string | null> | null = null;
  const upsert = (session: TerminalSession) => {
    const sessions = get().sessions;
    const index = sessions.findIndex((candidate) => candidate.id === session.id);
    set({ sessions: index < 0 ? [...sessions, session] : sessions.map((s, i) => (i === index ? session : s)) });
  };
  return {
    sessions: [],
    activeSessionId: null,
    shells: [],
    ensureSession() {
      const incidentId = get().incident?.id ?? null;
      const active = get().sessions.find((session) => session.id === get().activeSessionId);
      if (active && belongsTo(active, incidentId)) return Promise.resolve(active.id);
      ensuring ??= (async () => {
        try {
          // Sessions belong to the incident (or drill) they record into: switching incidents shows that one's shells.
          const existing = await call('terminal:list', {});
          const own = existing.filter((session) => belongsTo(session, incidentId));
          if (own.length) {
            const running = own.find((session) => session.state === 'running') ?? own[0]!;
            set({ sessions: existing, activeSessionId: running.id });
            return running.id;
          }
          const session = await call('terminal:open', { cols: DEFAULT_COLS, rows: DEFAULT_ROWS, ...(incidentId ? { incidentId } : {}) });
          set({ sessions: [...existing, session], activeSessionId: session.id });
          return session.id;
        } catch (error) {
          get().reportError(error);
          return null;
        } finally {
          ensuring = null;
        }
      })();
      return ensuring;
    },
    async openSession(shell) {
      try {
        const incidentId = get().incident?.id;
        const session = await call('terminal:open', { cols: DEFAULT_COLS, rows: DEFAULT_ROWS, ...(shell ? { shell } : {}), ...(incidentId ? { incidentId } : {}) });
        upsert(session);
        set({ activeSessionId: session.id });
      } catch (error) {
        get().reportError(error);
      }
    },
    async restartSession(sessionId) {
      try {
        upsert(await call('terminal:restart', { sessionId }));
      } catch (error) {
        get().reportError(error);
      }
    },
    async closeSession(sessionId) {
      try {
        await call('terminal:close', { sessionId });
        const sessions = get().sessions.filter((session) => session.id !== sessionId);
        const own = sessions.filter((session) => belongsTo(session, get().incident?.id ?? null));
        const activeSessionId = get().activeSessionId === sessionId ? (own[own.length - 1]?.id ?? null) : get().activeSessionId;
        set({ sessions, activeSessionId });
      } catch (error) {
        get().reportError(error);
      }
    },
    activateSession(sessionId) {
      set({ activeSessionId: sessionId });
    },
    sessionChanged(session) {
      if (get().sessions.some((candidate) => candidate.id === session.id) || session.state === 'running') upsert(session);
    },
    async refreshSessions() {
      try {
        const sessions = await call('terminal:list', {});
        const active = get().activeSessionId;
        const own = sessions.filter((session) => belongsTo(session, get().incident?.id ?? null));
        const activeSessionId = own.some((session) => session.id === active) ? active : (own.find((session) => session.state === 'running') ?? own[0])?.id ?? null;
        set({ sessions, activeSessionId });
      } catch (error) {
        get().reportError(error);
      }
    },
    async loadShells() {
      try {
        set({ shells: await call('terminal:shells', {}) });
      } catch (error) {
        get().reportError(error);
      }
    },
  };
};

/** A short label for a tab: the shell's name and its last directory. */
export function sessionLabel(session: TerminalSession): string {
  const shell = session.shell.split(/[\\/]/).pop() ?? session.shell;
  const dir = session.cwd.split(/[\\/]/).filter(Boolean).pop() ?? '/';
  return `${shell} · ${dir}`;
}

/** Whether a session records into `incidentId` (a session that has recorded nothing yet joins whichever incident acts first). */
export function belongsTo(session: TerminalSession, incidentId: string | null): boolean {
  return session.incidentId === null || incidentId === null || session.incidentId === incidentId;
}

/** The sessions of the incident on screen, in the order they were opened. */
export function incidentSessions(sessions: readonly TerminalSession[], incidentId: string | null): TerminalSession[] {
  return sessions.filter((session) => belongsTo(session, incidentId));
}
