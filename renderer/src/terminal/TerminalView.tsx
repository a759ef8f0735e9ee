import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { call, onReconnect, subscribe } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';

/** The renderer acknowledges drawn output in steps of this size (VS Code uses ~5k chars). */
const ACK_STEP_CHARS = 5_000;

const DARK: ITheme = { background: '#0d0f13', foreground: '#d8dde6', cursor: '#f5a623', selectionBackground: '#33415588' };
const LIGHT: ITheme = { background: '#fbfbfa', foreground: '#1f2328', cursor: '#b35900', selectionBackground: '#b6d6ff88' };

/**
 * One session's xterm.js, drawing the real pty in main. It stays mounted
 * while its tab is hidden, so scrollback and selection survive tab switches;
 * flow-control acknowledgements go back as output is drawn.
 */
export function TerminalView({ sessionId, visible }: { sessionId: string; visible: boolean }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  const [query, setQuery] = useState('');
  const theme = useAppStore((state) => state.theme);

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
    const search = new SearchAddon();
    terminal.loadAddon(fit);
    terminal.loadAddon(search);
    terminal.loadAddon(new Unicode11Addon());
    terminal.unicode.activeVersion = '11';
    // Links open outside the app: Electron's window-open handler (and the browser) take it from there.
    terminal.loadAddon(
      new WebLinksAddon((event, uri) => {
        event.preventDefault();
        if (/^https?:\/\//i.test(uri)) window.open(uri, '_blank', 'noopener,noreferrer');
      }),
    );
    terminal.attachCustomKeyEventHandler((event) => {
      if (event.type === 'keydown' && event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'f') {
        setSearchOpen(true);
        return false;
      }
      return true;
    });
    terminal.open(host);
    terminalRef.current = terminal;
    fitRef.current = fit;
    searchRef.current = search;

    let unacknowledged = 0;
    let disposed = false;
    const acknowledge = (chars: number) => {
      unacknowledged += chars;
      if (unacknowledged >= ACK_STEP_CHARS) {
        void call('terminal:ack', { sessionId, chars: unacknowledged }).catch(() => {});
        unacknowledged = 0;
      }
    };
    const unsubscribeOutput = subscribe('terminal:output', ({ sessionId: from, data }) => {
      if (from === sessionId) terminal.write(data, () => acknowledge(data.length));
    });
    const unsubscribeExit = subscribe('terminal:exit', ({ sessionId: from, exitCode, signal }) => {
      if (from !== sessionId) return;
      const how = signal ? `killed by signal ${signal}` : `exited with code ${exitCode ?? 'unknown'}`;
      terminal.write(`\r\n\x1b[2m[shell ${how} — restart it from its tab]\x1b[0m\r\n`);
    });
    void call('terminal:attach', { sessionId })
      .then(({ replay }) => {
        if (!disposed && replay) terminal.write(replay);
      })
      .catch((error) => useAppStore.getState().reportError(error));
    // Output sent while the socket was down is lost: redraw from main's replay. The reset (ESC c) goes through
    // the write queue, so output already queued is drawn before it, never after the replay.
    const unsubscribeReconnect = onReconnect(() => {
      void call('terminal:attach', { sessionId })
        .then(({ replay }) => {
          if (!disposed) terminal.write(`\x1bc${replay}`);
        })
        .catch(() => {});
    });

    const input = terminal.onData((data) => {
      void call('terminal:input', { sessionId, data }).catch((error) => useAppStore.getState().reportError(error));
    });
    const resize = terminal.onResize(({ cols, rows }) => {
      void call('terminal:resize', { sessionId, cols, rows }).catch(() => {});
    });
    const observer = new ResizeObserver(() => {
      if (!host.offsetParent) return;
      try {
        fit.fit();
      } catch {
        // Collapsed to zero size; fit again when it has room.
      }
    });
    observer.observe(host);
    return () => {
      disposed = true;
      observer.disconnect();
      input.dispose();
      resize.dispose();
      unsubscribeOutput();
      unsubscribeExit();
      unsubscribeReconnect();
      terminal.dispose();
      terminalRef.current = null;
    };
  }, [sessionId]);

  useEffect(() => {
    if (terminalRef.current) terminalRef.current.options.theme = theme === 'dark' ? DARK : LIGHT;
  }, [theme]);

  useEffect(() => {
    if (!visible) return;
    try {
      fitRef.current?.fit();
    } catch {
      // Not laid out yet.
    }
  }, [visible]);

  return (
    <div className="terminal-view" hidden={!visible}>
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
      <div ref={hostRef} className="terminal-host" data-testid={visible ? 'terminal' : undefined} data-session-id={sessionId} />
    </div>
  );
}
