import { CommsCountdown } from '../alerts/CommsCountdown';
import { ActiveIncident } from '../incidents/ActiveIncident';
import { hostKind } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';

/** Always visible: which incident, what ran last, which session, which host. */
export function TopBar() {
  const theme = useAppStore((state) => state.theme);
  const toggleTheme = useAppStore((state) => state.toggleTheme);
  const openPalette = useAppStore((state) => state.setPaletteOpen);
  const connected = useAppStore((state) => state.hostConnected);
  // Runs on every store change: search from the end without copying the whole timeline.
  const lastStep = useAppStore((state) => state.events.findLast((event) => event.kind === 'step.started'));
  const session = useAppStore((state) => state.sessions.find((s) => s.id === state.activeSessionId));
  return (
    <header className="topbar">
      <span className="brand">Firebreak</span>
      <ActiveIncident />
      <CommsCountdown />
      <span className="activity" aria-live="polite" data-testid="activity">
        {lastStep ? `last sent: ${String(lastStep.data.title ?? lastStep.data.stepId)}` : 'idle'}
        {session ? ` · session ${session.id.slice(0, 8)}` : ''}
      </span>
      <span className="spacer" />
      {!connected && <span className="badge danger">host disconnected — reconnecting</span>}
      <span className="muted">{hostKind === 'browser' ? 'browser host' : 'desktop'}</span>
      <button type="button" className="button ghost" onClick={() => openPalette(true)} title="Command palette (Ctrl+K, or Ctrl+Shift+P in the terminal)">
        ⌘K
      </button>
      <button type="button" className="button ghost" onClick={toggleTheme} title="Toggle theme (Ctrl+Shift+L)">
        {theme === 'dark' ? 'Light' : 'Dark'}
      </button>
    </header>
  );
}
