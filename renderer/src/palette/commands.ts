import { useAppStore } from '../store/app-store';

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
    { id: 'next-step', title: 'Next step', shortcut: 'J', run: () => state.focusStep(state.focusedStepIndex + 1) },
    { id: 'previous-step', title: 'Previous step', shortcut: 'K', run: () => state.focusStep(state.focusedStepIndex - 1) },
    { id: 'filter-runbooks', title: 'Search runbooks', shortcut: '/', run: focusRunbookFilter },
    { id: 'focus-terminal', title: 'Focus terminal', shortcut: 'Ctrl+`', run: focusTerminal },
    { id: 'toggle-theme', title: `Switch to ${state.theme === 'dark' ? 'light' : 'dark'} theme`, shortcut: 'Ctrl+Shift+L', run: state.toggleTheme },
  ];
  for (const runbook of state.runbooks) {
    commands.push({ id: `open-${runbook.id}`, title: `Open runbook: ${runbook.title}`, run: () => void state.selectRunbook(runbook.id) });
  }
  return commands;
}
