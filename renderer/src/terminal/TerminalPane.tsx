import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
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
  const searchRef = useRef<SearchAddon | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  const [query, setQuery] = useState('');
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
      // The unicode11 addon needs the proposed unicode API.
      allowProposedApi: true,
      theme: useAppStore.getState().theme === 'dark' ? DARK : LIGHT,
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    const search = new SearchAddon();
    terminal.loadAddon(search);
    searchRef.current = search;
    terminal.loadAddon(new Unicode11Addon());
    terminal.unicode.activeVersion = '11';
    // Links open outside the app: Electron's window-open handler (and the browser) take it from there.
    terminal.loadAddon(new WebLinksAddon((event, uri) => {
      event.preventDefault();
      if (/^https?:\/\//i.test(uri)) window.open(uri, '_blank', 'noopener,noreferrer');
    }));
    terminal.open(host);
    fit.fit();
    terminalRef.current = terminal;
    terminal.attachCustomKeyEventHandler((event) => {
      if (event.type === 'keydown' && event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'f') {
        setSearchOpen(true);
        return false;
      }
      return true;
    });

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
        <span className="spacer" />
        <button type="button" className="button ghost small" title="Search the terminal (Ctrl+Shift+F)" onClick={() => setSearchOpen(!searchOpen)}>
          Search
        </button>
      </header>
      {searchOpen && (
        <div className="terminal-search">
          <input
            autoFocus
            aria-label="Search terminal output"
            placeholder="Search output — Enter next, Shift+Enter previous, Esc close"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              searchRef.current?.findNext(event.target.value, { incremental: true });
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                if (event.shiftKey) searchRef.current?.findPrevious(query);
                else searchRef.current?.findNext(query);
              } else if (event.key === 'Escape') {
                setSearchOpen(false);
                searchRef.current?.clearDecorations();
                terminalRef.current?.focus();
              }
            }}
          />
        </div>
      )}
      <div ref={hostRef} className="terminal-host" data-testid="terminal" />
    </section>
  );
}
