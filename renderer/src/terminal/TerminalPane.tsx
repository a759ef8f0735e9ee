import { useEffect, useMemo, useState } from 'react';
import { useAppStore } from '../store/app-store';
import { incidentSessions, sessionLabel } from '../store/terminal-slice';
import { lazyPart } from '../app/lazy-part';

/** xterm.js is the largest single dependency: it loads in its own chunk, right after the workspace shows. */
const TerminalView = lazyPart(() => import('./TerminalView'), (m) => m.TerminalView);

/** The terminal tabs: one real shell each, with what it is, where, and whether it is busy or ended. */
export function TerminalPane() {
  const allSessions = useAppStore((state) => state.sessions);
  const incidentId = useAppStore((state) => state.incident?.id ?? null);
  // The incident's own shells: a drill's lab shell, then the incident's again when the drill ends.
  const sessions = useMemo(() => incidentSessions(allSessions, incidentId), [allSessions, incidentId]);
  const activeSessionId = useAppStore((state) => state.activeSessionId);
  const ensureSession = useAppStore((state) => state.ensureSession);
  const activate = useAppStore((state) => state.activateSession);
  const restart = useAppStore((state) => state.restartSession);
  const close = useAppStore((state) => state.closeSession);
  const open = useAppStore((state) => state.openSession);
  const shells = useAppStore((state) => state.shells);
  const loadShells = useAppStore((state) => state.loadShells);
  const hostConnected = useAppStore((state) => state.hostConnected);
  const [choosing, setChoosing] = useState(false);
  const active = sessions.find((session) => session.id === activeSessionId);

  useEffect(() => {
    void ensureSession();
  }, [ensureSession, incidentId]);

  return (
    <section className="terminal-pane" aria-label="Terminal">
      <header className="pane-header terminal-tabs">
        <span className="pane-title">Terminal</span>
        {/* The tab list holds only the tabs (ARIA: a tablist's children are tabs); the pane's buttons sit beside it. */}
        <span className="terminal-tablist" role="tablist" aria-label="Shell sessions">
          {sessions.map((session, index) => (
            <button
              key={session.id}
              type="button"
              role="tab"
              aria-selected={session.id === activeSessionId}
              className={`terminal-tab${session.id === activeSessionId ? ' active' : ''}${session.state === 'exited' ? ' ended' : ''}`}
              onClick={() => activate(session.id)}
              title={`${session.shell} (pid ${session.pid}) in ${session.cwd}`}
            >
              <span className={`dot ${session.state === 'exited' ? 'ended' : session.busy ? 'busy' : 'idle'}`} />
              <span className="terminal-tab-label">
                {index + 1}: {sessionLabel(session)}
              </span>
            </button>
          ))}
        </span>
        <button
          type="button"
          className="button ghost small"
          title="New shell session"
          onClick={() => {
            setChoosing(!choosing);
            if (!shells.length) void loadShells();
          }}
        >
          +
        </button>
        {choosing && (
          <span className="shell-choice">
            {shells.map((shell) => (
              <button
                key={shell.path}
                type="button"
                className="button small"
                onClick={() => {
                  setChoosing(false);
                  void open(shell.path);
                }}
                title={shell.integrated ? 'Exit codes are recorded' : 'No shell integration: exit codes will be unknown'}
              >
                {shell.name}
                {shell.isDefault ? ' (default)' : ''}
                {shell.integrated ? '' : ' ⚠'}
              </button>
            ))}
          </span>
        )}
        <span className="spacer" />
        {active && (
          <span className="muted session-status" data-testid="session-label">
            {active.state === 'exited'
              ? `ended (${active.signal ? `signal ${active.signal}` : `exit ${active.exitCode ?? '?'}`})`
              : !hostConnected
                ? // What is typed now is dropped, not kept for later (calls-while-disconnected.ts): say so where it is typed.
                  <span className="warn-text">not connected · typing is not sent</span>
                : active.busy
                ? 'running a command'
                : 'ready'}
            {active.integration === 'unavailable' && (
              <span className="warn-text" title={active.integrationNote ?? ''}>
                {' '}
                · exit codes unknown
              </span>
            )}
          </span>
        )}
        {active?.state === 'exited' && (
          <button type="button" className="button small" onClick={() => void restart(active.id)}>
            Restart
          </button>
        )}
        {active && sessions.length > 1 && (
          <button type="button" className="button ghost small" aria-label="Close this session" onClick={() => void close(active.id)}>
            ×
          </button>
        )}
      </header>
      <div className="terminal-views">
        {sessions.map((session) => (
          <TerminalView key={session.id} sessionId={session.id} visible={session.id === activeSessionId} />
        ))}
        {!sessions.length && <p className="muted empty">Starting a shell…</p>}
      </div>
    </section>
  );
}
