import { useLayoutEffect, useRef } from 'react';
import { CommsCountdown } from '../alerts/CommsCountdown';
import { ActiveIncident } from '../incidents/ActiveIncident';
import { hostKind } from '../ipc/bridge';
import { shortcut } from '../keyboard/key-labels';
import { useAppStore } from '../store/app-store';
import { SyncIndicator } from '../team/SyncIndicator';

/**
 * When the bar is too narrow, the least important items go first, one level
 * at a time: the session id, the host kind, the last step sent, the
 * TTA/TTM/TTR figures, who else is on a shared incident, then the team's
 * name and the offline detail of the sync state. The incident title gives
 * way last.
 */
const COMPACT_LEVELS = 6;

/** Always visible: which incident, what ran last, which session, which host. */
export function TopBar() {
  const theme = useAppStore((state) => state.theme);
  const toggleTheme = useAppStore((state) => state.toggleTheme);
  const openPalette = useAppStore((state) => state.setPaletteOpen);
  const connected = useAppStore((state) => state.hostConnected);
  // Runs on every store change: search from the end without copying the whole timeline.
  const lastStep = useAppStore((state) => state.events.findLast((event) => event.kind === 'step.started'));
  const session = useAppStore((state) => state.sessions.find((s) => s.id === state.activeSessionId));
  const headerRef = useRef<HTMLElement>(null);
  useHeaderCompaction(headerRef);
  return (
    <header className="topbar" ref={headerRef} data-compact="0">
      <span className="brand">Firebreak</span>
      <ActiveIncident />
      <CommsCountdown />
      <span className="activity" aria-live="polite" data-testid="activity">
        {lastStep ? `last sent: ${String(lastStep.data.title ?? lastStep.data.stepId)}` : 'idle'}
        {session ? <span className="activity-session"> · session {session.id.slice(0, 8)}</span> : null}
      </span>
      <span className="spacer" />
      <SyncIndicator />
      {!connected && <span className="badge danger">host disconnected — reconnecting</span>}
      <span className="muted host-kind">{hostKind === 'browser' ? 'browser host' : 'desktop'}</span>
      <button
        type="button"
        className="button ghost"
        onClick={() => openPalette(true)}
        title={`Command palette (${shortcut('Ctrl+K')}, or ${shortcut('Ctrl+Shift+P')} in the terminal)`}
        data-testid="palette-button"
      >
        {shortcut('Ctrl+K')}
      </button>
      <button type="button" className="button ghost" onClick={toggleTheme} title={`Toggle theme (${shortcut('Ctrl+Shift+L')})`}>
        {theme === 'dark' ? 'Light' : 'Dark'}
      </button>
    </header>
  );
}

/** Whether the bar or its incident title no longer fits. */
function overflowing(header: HTMLElement): boolean {
  if (header.scrollWidth > header.clientWidth + 1) return true;
  const title = header.querySelector<HTMLElement>('[data-testid="incident-title"]');
  return title !== null && title.scrollWidth > title.clientWidth + 1;
}

/** Keeps `data-compact` at the lowest level at which everything fits, on resize and on every content change. */
function useHeaderCompaction(ref: React.RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const header = ref.current;
    if (!header) return;
    let scheduled = false;
    const fit = () => {
      scheduled = false;
      let level = 0;
      header.dataset.compact = '0';
      while (level < COMPACT_LEVELS && overflowing(header)) header.dataset.compact = String(++level);
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(fit);
    };
    fit();
    const resizes = new ResizeObserver(schedule);
    resizes.observe(header);
    // The clock ticks and the title or last step change: ignore our own attribute writes.
    const changes = new MutationObserver(schedule);
    changes.observe(header, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class'] });
    return () => {
      resizes.disconnect();
      changes.disconnect();
    };
  }, [ref]);
}
