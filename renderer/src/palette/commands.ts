import { alertCommands } from '../alerts/alert-commands';
import { drillCommands } from '../drills/drill-commands';
import { incidentRecordCommands } from '../incidents/incident-commands';
import { useAppStore } from '../store/app-store';
import { activeRuns } from '../store/step-runs-slice';
import { teamCommands } from '../team/team-commands';

export interface PaletteCommand {
  id: string;
  title: string;
  shortcut?: string;
  run(): void;
}

/** Focuses the sidebar filter; used by `/` and the palette. */
export function focusRunbookFilter(): void {
  document.getElementById('runbook-filter')?.focus();
}

/** Focuses the terminal so the responder can type. */
export function focusTerminal(): void {
  (document.querySelector('.terminal-host textarea') as HTMLTextAreaElement | null)?.focus();
}

/** Everything the palette offers right now, built from the store's current state. */
export function paletteCommands(): PaletteCommand[] {
  const state = useAppStore.getState();
  const step = state.selectedRunbook?.steps[state.focusedStepIndex];
  const commands: PaletteCommand[] = [
    ...(step ? [{ id: 'run-step', title: `Run step: ${step.title}`, shortcut: 'Ctrl+Enter', run: () => state.requestRun(step) }] : []),
    ...(step ? [{ id: 'dry-run-step', title: `Dry run: ${step.title}`, shortcut: '.', run: () => state.showDryRun(step) }] : []),
    ...(state.selectedRunbook ? [{ id: 'run-all', title: 'Run all steps…', shortcut: 'Ctrl+Shift+Enter', run: () => state.setRunAllOpen(true) }] : []),
    ...activeRuns(state.runs).map((run) => ({
      id: `cancel-${run.runId}`,
      title: `Cancel running step: ${run.stepId}`,
      shortcut: 'Ctrl+Shift+X',
      run: () => void state.cancelRun(run.runId),
    })),
    { id: 'new-session', title: 'New shell session', run: () => void state.openSession() },
    { id: 'next-step', title: 'Next step', shortcut: 'J', run: () => state.focusStep(state.focusedStepIndex + 1) },
    { id: 'previous-step', title: 'Previous step', shortcut: 'K', run: () => state.focusStep(state.focusedStepIndex - 1) },
    { id: 'filter-runbooks', title: 'Search runbooks', shortcut: '/', run: focusRunbookFilter },
    { id: 'focus-terminal', title: 'Focus terminal', shortcut: 'Ctrl+`', run: focusTerminal },
    ...incidentRecordCommands(),
    ...alertCommands(),
    ...drillCommands(),
    ...teamCommands(),
    { id: 'toggle-theme', title: `Switch to ${state.theme === 'dark' ? 'light' : 'dark'} theme`, shortcut: 'Ctrl+Shift+L', run: state.toggleTheme },
  ];
  for (const runbook of state.runbooks) {
    commands.push({ id: `open-${runbook.id}`, title: `Open runbook: ${runbook.title}`, run: () => void state.selectRunbook(runbook.id) });
  }
  return commands;
}
