import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import type { OutputTarget } from '../store/timeline-slice';
import { RecordModal } from '../incidents/RecordModal';

/** The same palette as the live terminal (renderer/src/terminal/TerminalPane.tsx), so recorded output looks as it did. */
const DARK: ITheme = { background: '#0d0f13', foreground: '#d8dde6', cursor: '#0d0f13', selectionBackground: '#33415588' };
const LIGHT: ITheme = { background: '#fbfbfa', foreground: '#1f2328', cursor: '#fbfbfa', selectionBackground: '#b6d6ff88' };

/** Recorded output the viewer asks for at most (the newest bytes are kept); 1 MiB is the channel default. */
const MAX_OUTPUT_BYTES = 1_048_576;

/** Jump-to-output: a step run's or a session's recorded output in a read-only xterm. */
export function OutputViewerDialog() {
  const target = useAppStore((state) => state.outputTarget);
  return target ? <OutputViewer target={target} /> : null;
}

function OutputViewer({ target }: { target: OutputTarget }) {
  const close = () => useAppStore.getState().openOutput(null);
  const theme = useAppStore((state) => state.theme);
  const hostRef = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<'loading' | 'empty' | 'shown' | 'truncated'>('loading');

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const terminal = new Terminal({
      disableStdin: true,
      cursorBlink: false,
      cursorInactiveStyle: 'none',
      convertEol: false,
      scrollback: 50_000,
      fontFamily: 'ui-monospace, "JetBrains Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 12,
      theme: useAppStore.getState().theme === 'dark' ? DARK : LIGHT,
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(host);
    fit.fit();
    let disposed = false;
    const request = target.runId ? { runId: target.runId } : { sessionId: target.sessionId! };
    call('timeline:output', { ...request, maxBytes: MAX_OUTPUT_BYTES })
      .then(({ data, truncated }) => {
        if (disposed) return;
        if (!data) return setStatus('empty');
        terminal.write(data);
        setStatus(truncated ? 'truncated' : 'shown');
      })
      .catch((error: unknown) => {
        if (disposed) return;
        setStatus('empty');
        useAppStore.getState().reportError(error);
      });
    return () => {
      disposed = true;
      terminal.dispose();
    };
  }, [target]);

  useEffect(() => {
    hostRef.current?.classList.toggle('light', theme === 'light');
  }, [theme]);

  return (
    <RecordModal label={`Output: ${target.title}`} onClose={close} wide>
      <h2>
        Output <span className="muted">· {target.title}</span>
      </h2>
      <p className="muted dialog-note">
        {status === 'loading' && 'Reading the record…'}
        {status === 'empty' && 'No output was recorded for this.'}
        {status === 'shown' && `Recorded ${target.runId ? 'output of this step run' : 'output of the whole terminal session'}, read-only.`}
        {status === 'truncated' && 'Only the last 1 MiB is shown; the full output is in the export.'}
      </p>
      <div className="output-viewer" ref={hostRef} data-testid="output-viewer" />
      <div className="modal-actions">
        <button type="button" className="button" onClick={close}>
          Close
        </button>
      </div>
    </RecordModal>
  );
}
