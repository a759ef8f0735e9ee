import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { call, subscribe } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';

/** The renderer acknowledges drawn output in steps of this size (VS Code uses ~5k chars). */
const ACK_STEP_CHARS = 5_000;

const DARK: ITheme = { background: '#0d0f13', foreground: '#d8dde6', cursor: '#f5a623', selectionBackground: '#33415588' };
const LIGHT: ITheme = { background: '#fbfbfa', foreground: '#1f2328', cursor: '#b35900', selectionBackground: '#b6d6ff88' };

/** The live shell: xterm.js drawing a real pty in main, with flow control acknowledgements. */
export function TerminalPane() {
  const hostRef = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<Terminal | null>(null);
  const theme = useAppStore((state) => state.theme);
  const activeSessionId = useAppStore((state) => state.activeSessionId);
  const session = useAppStore((state) => state.sessions.find((s) => s.id === state.activeSessionId));
  const ensureSession = useAppStore((state) => state.ensureSession);
  const markSessionExited = useAppStore((state) => state.markSessionExited);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const terminal = new Terminal({
      fontFamily: 'ui-monospace, "JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      scrollback: 10_000,
      cursorBlink: true,
      allowProposedApi: false,
      theme: useAppStore.getState().theme === 'dark' ? DARK : LIGHT,
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(host);
    fit.fit();
    terminalRef.current = terminal;

    let sessionId: string | null = null;
    let unacknowledged = 0;
    // The effect can be torn down before the session arrives (React StrictMode, fast unmount).
    let disposed = false;
    const disposers: (() => void)[] = [];

    const acknowledge = (chars: number) => {
      unacknowledged += chars;
      if (sessionId && unacknowledged >= ACK_STEP_CHARS) {
        void call('terminal:ack', { sessionId, chars: unacknowledged }).catch(() => {});
        unacknowledged = 0;
      }
    };

    void ensureSession(terminal.cols, terminal.rows).then(async (id) => {
      if (!id || disposed) return;
      sessionId = id;
      disposers.push(
        subscribe('terminal:output', ({ sessionId: from, data }) => {
          if (from === id) terminal.write(data, () => acknowledge(data.length));
        }),
        subscribe('terminal:exit', ({ sessionId: from, exitCode }) => {
          if (from !== id) return;
          markSessionExited(id, exitCode);
          terminal.write(`\r\n\x1b[2m[shell exited with code ${exitCode ?? 'unknown'}]\x1b[0m\r\n`);
        }),
      );
      const { replay } = await call('terminal:attach', { sessionId: id });
      if (replay) terminal.write(replay);
      await call('terminal:resize', { sessionId: id, cols: terminal.cols, rows: terminal.rows }).catch(() => {});
    });

    const input = terminal.onData((data) => {
      if (sessionId) void call('terminal:input', { sessionId, data }).catch((error) => useAppStore.getState().reportError(error));
    });
    const resize = terminal.onResize(({ cols, rows }) => {
      if (sessionId) void call('terminal:resize', { sessionId, cols, rows }).catch(() => {});
    });
    const observer = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        // The pane is collapsed to zero size; fit again when it has room.
      }
    });
    observer.observe(host);

    return () => {
      disposed = true;
      observer.disconnect();
      input.dispose();
      resize.dispose();
      disposers.forEach((dispose) => dispose());
      terminal.dispose();
      terminalRef.current = null;
    };
  }, [ensureSession, markSessionExited]);

  useEffect(() => {
    if (terminalRef.current) terminalRef.current.options.theme = theme === 'dark' ? DARK : LIGHT;
  }, [theme]);

  return (
    <section className="terminal-pane" aria-label="Terminal">
      <header className="pane-header">
        <span className="pane-title">Terminal</span>
        {session && (
          <span className="muted" data-testid="session-label">
            {session.shell.split('/').pop()} · pid {session.pid} · {session.state === 'running' ? 'live' : `exited ${session.exitCode ?? '?'}`}
          </span>
        )}
        {!activeSessionId && <span className="muted">starting shell…</span>}
      </header>
      <div ref={hostRef} className="terminal-host" data-testid="terminal" />
    </section>
  );
}
