import { useEffect } from 'react';
import { onConnectionChange, subscribe } from '../ipc/bridge';
import { useShortcuts } from '../keyboard/use-shortcuts';
import { CommandPalette } from '../palette/CommandPalette';
import { ConfirmRunDialog } from '../runbooks/ConfirmRunDialog';
import { RunbookDocument } from '../runbooks/RunbookDocument';
import { RunbookSidebar } from '../runbooks/RunbookSidebar';
import { useAppStore } from '../store/app-store';
import { TerminalPane } from '../terminal/TerminalPane';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { Notices } from './Notices';
import { StartupWarnings } from './StartupWarnings';
import { TopBar } from './TopBar';

/** The workspace: library | runbook over terminal | timeline. */
export function App() {
  const theme = useAppStore((state) => state.theme);
  useShortcuts();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const state = useAppStore.getState();
    void state.loadRunbooks();
    void state.loadTimeline();
    const unsubscribers = [
      subscribe('timeline:appended', (event) => useAppStore.getState().receiveEvent(event)),
      subscribe('runbooks:changed', (change) => void useAppStore.getState().libraryChanged(change)),
      onConnectionChange((connected) => {
        useAppStore.getState().setHostConnected(connected);
        // Catch up on whatever was committed while the socket was down.
        if (connected) void useAppStore.getState().loadTimeline();
      }),
    ];
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, []);

  return (
    <div className="app">
      <TopBar />
      <StartupWarnings />
      <div className="workspace">
        <RunbookSidebar />
        <main className="center">
          <RunbookDocument />
          <TerminalPane />
        </main>
        <TimelinePanel />
      </div>
      <ConfirmRunDialog />
      <CommandPalette />
      <Notices />
    </div>
  );
}
