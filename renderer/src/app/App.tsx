import { useEffect } from 'react';
import { listenForLinks } from '../alerts/alert-ui';
import { onConnectionChange, onReconnect, subscribe } from '../ipc/bridge';
import { DrillBanner } from '../drills/DrillBanner';
import { DrillReportView } from '../drills/DrillReportView';
import { useShortcuts } from '../keyboard/use-shortcuts';
import { RecordDialogs } from '../incidents/RecordDialogs';
import { RecordWarnings } from '../incidents/RecordWarnings';
import { CommandPalette } from '../palette/CommandPalette';
import { ConfirmRunDialog } from '../runbooks/ConfirmRunDialog';
import { DryRunDialog } from '../runbooks/DryRunDialog';
import { RunAllDialog } from '../runbooks/RunAllDialog';
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
    void state.loadRuns();
    void state.loadDrills();
    const unsubscribers = [
      subscribe('timeline:appended', (event) => useAppStore.getState().receiveEvent(event)),
      subscribe('step:state', (run) => useAppStore.getState().runChanged(run)),
      subscribe('step:batch', (batch) => useAppStore.getState().batchChanged(batch)),
      subscribe('terminal:session', (session) => useAppStore.getState().sessionChanged(session)),
      subscribe('incident:changed', (summary) => useAppStore.getState().receiveIncidentChange(summary)),
      subscribe('record:warning', ({ message }) => useAppStore.getState().receiveRecordWarning(message)),
      subscribe('drill:state', (status) => useAppStore.getState().drillChanged(status)),
      subscribe('runbooks:changed', (change) => void useAppStore.getState().libraryChanged(change)),
      listenForLinks((listener) => subscribe('link:opened', listener)),
      onConnectionChange((connected) => useAppStore.getState().setHostConnected(connected)),
      // Catch up on whatever happened while the socket was down: its events were lost. Terminal views re-attach themselves.
      onReconnect(() => {
        const current = useAppStore.getState();
        void current.loadTimeline();
        void current.loadRuns();
        void current.loadDrills();
        void current.refreshSessions();
      }),
    ];
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, []);

  return (
    <div className="app">
      <TopBar />
      <StartupWarnings />
      <RecordWarnings />
      <div className="workspace">
        <RunbookSidebar />
        <main className="center">
          <DrillBanner />
          <RunbookDocument />
          <TerminalPane />
        </main>
        <TimelinePanel />
      </div>
      <ConfirmRunDialog />
      <RunAllDialog />
      <DryRunDialog />
      <RecordDialogs />
      <DrillReportView />
      <CommandPalette />
      <Notices />
    </div>
  );
}
