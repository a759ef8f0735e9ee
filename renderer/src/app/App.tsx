import { useEffect } from 'react';
import { listenForLinks } from '../alerts/alert-ui';
import { onConnectionChange, onReconnect, subscribe } from '../ipc/bridge';
import { DrillBanner } from '../drills/DrillBanner';
import { useShortcuts } from '../keyboard/use-shortcuts';
import { RecordWarnings } from '../incidents/RecordWarnings';
import { RunbookSidebar } from '../runbooks/RunbookSidebar';
import { WelcomePanel } from '../runbooks/WelcomePanel';
import { useAppStore } from '../store/app-store';
import { Splitter } from '../layout/Splitter';
import { useLayoutStore } from '../layout/layout-store';
import { LAYOUT_PREFERENCE_KEY } from '../layout/layout-prefs';
import type { CSSProperties } from 'react';
import { TerminalPane } from '../terminal/TerminalPane';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { Notices } from './Notices';
import { StartupWarnings } from './StartupWarnings';
import { TopBar } from './TopBar';
import { CommandPalette } from '../palette/CommandPalette';
import { lazyPart, preloadLazyParts } from './lazy-part';
import { AlertDialogs } from '../alerts/AlertDialogs';
import { useTeamUi } from '../team/team-ui';

// Dialogs are loaded on first use (and fetched once the app is idle): the library shows without waiting for them.
const ConfirmRunDialog = lazyPart(() => import('../runbooks/ConfirmRunDialog'), (m) => m.ConfirmRunDialog);
const RunAllDialog = lazyPart(() => import('../runbooks/RunAllDialog'), (m) => m.RunAllDialog);
const DryRunDialog = lazyPart(() => import('../runbooks/DryRunDialog'), (m) => m.DryRunDialog);
const RecordDialogs = lazyPart(() => import('../incidents/RecordDialogs'), (m) => m.RecordDialogs);
const DrillReportView = lazyPart(() => import('../drills/DrillReportView'), (m) => m.DrillReportView);
const StartDrillConfirm = lazyPart(() => import('../drills/StartDrillConfirm'), (m) => m.StartDrillConfirm);
const TeamPanel = lazyPart(() => import('../team/TeamPanel'), (m) => m.TeamPanel);
// The document (Markdown, sanitiser, highlighter) and the terminal (xterm.js) come right after the library.
const RunbookDocument = lazyPart(() => import('../runbooks/RunbookDocument'), (m) => m.RunbookDocument);


/** The workspace: library | runbook over terminal | timeline. */
export function App() {
  const theme = useAppStore((state) => state.theme);
  const sizes = useLayoutStore((state) => state.sizes);
  const confirming = useAppStore((state) => state.pendingConfirmation !== null);
  const runAllOpen = useAppStore((state) => state.runAllOpen);
  const dryRunning = useAppStore((state) => state.dryRunStep !== null);
  const recordOpen = useAppStore((state) => state.recordDialog !== null || state.outputTarget !== null || state.resolvedRun !== null);
  const reportOpen = useAppStore((state) => state.drillReport !== null);
  const drillToConfirm = useAppStore((state) => state.drillToConfirm !== null);
  const paletteOpen = useAppStore((state) => state.paletteOpen);
  const teamOpen = useTeamUi((state) => state.open !== null);
  useShortcuts();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const state = useAppStore.getState();
    // A link's values belong to the incident on screen: it is opened once both are known, or they would be filed under no incident.
    // The lazy parts are fetched once the library has arrived, not at mount: compiling them (xterm alone is a
    // third of the JS) while the first answers from the host wait for the main thread put off the library.
    const runbooksLoaded = state.loadRunbooks();
    void runbooksLoaded.finally(preloadLazyParts);
    const loaded = Promise.all([runbooksLoaded, state.loadTimeline()]);
    void state.loadRuns();
    void state.loadDrills();
    void useLayoutStore.getState().loadLayout();
    const unsubscribers = [
      subscribe('timeline:appended', (event) => useAppStore.getState().receiveEvent(event)),
      subscribe('step:state', (run) => useAppStore.getState().runChanged(run)),
      subscribe('step:batch', (batch) => useAppStore.getState().batchChanged(batch)),
      subscribe('terminal:session', (session) => useAppStore.getState().sessionChanged(session)),
      subscribe('incident:changed', (summary) => useAppStore.getState().receiveIncidentChange(summary)),
      subscribe('record:warning', ({ message }) => useAppStore.getState().receiveRecordWarning(message)),
      subscribe('drill:state', (status) => useAppStore.getState().drillChanged(status)),
      subscribe('runbooks:changed', (change) => void useAppStore.getState().libraryChanged(change)),
      subscribe('settings:preferenceChanged', ({ key, value }) => {
        if (key === LAYOUT_PREFERENCE_KEY) useLayoutStore.getState().layoutChanged(value);
      }),
      listenForLinks((listener) => subscribe('link:opened', listener), loaded),
      subscribe('team:invite-opened', ({ invite }) => useTeamUi.getState().openInvite(invite)),
      onConnectionChange((connected) => useAppStore.getState().setHostConnected(connected)),
      // Catch up on whatever happened while the socket was down: its events were lost. Terminal views re-attach themselves.
      onReconnect(() => {
        const current = useAppStore.getState();
        // The library too: a runbook edited, removed or re-trusted meanwhile would show its old state (and Run enabled).
        void current.reloadLibrary();
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
      <div
        className="workspace"
        style={{ '--sidebar-w': `${sizes.sidebar}px`, '--timeline-w': `${sizes.timeline}px`, '--terminal-h': `${sizes.terminal}px` } as CSSProperties}
      >
        <RunbookSidebar />
        <Splitter pane="sidebar" label="Resize the runbook list" direction={1} />
        <main className="center">
          <WelcomePanel strip />
          <DrillBanner />
          <RunbookDocument />
          <Splitter pane="terminal" label="Resize the terminal" direction={-1} />
          <TerminalPane />
        </main>
        <Splitter pane="timeline" label="Resize the timeline" direction={-1} />
        <TimelinePanel />
      </div>
      {confirming && <ConfirmRunDialog />}
      {runAllOpen && <RunAllDialog />}
      {dryRunning && <DryRunDialog />}
      {recordOpen && <RecordDialogs />}
      {/* The alert dialogs keep their own small store (alerts/alert-ui.ts): mounted always, each shows itself when open. */}
      <AlertDialogs />
      {teamOpen && <TeamPanel />}
      {reportOpen && <DrillReportView />}
      {drillToConfirm && <StartDrillConfirm />}
      {paletteOpen && <CommandPalette />}
      <Notices />
    </div>
  );
}
