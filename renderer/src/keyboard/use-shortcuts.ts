import { useEffect } from 'react';
import { handleRecordKey, isInRecordForm } from '../incidents/record-keys';
import { focusRunbookFilter, focusTerminal } from '../palette/commands';
import { useAppStore } from '../store/app-store';
import { activeRuns } from '../store/step-runs-slice';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Keys inside a dialog, or on a splitter (arrows resize it), belong to it. */
function ownsItsKeys(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('[aria-modal="true"], [role="separator"]') !== null;
}

/** A focused timeline row moves and acts with its own keys (j/k, Enter, *). */
function isTimelineRow(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('[data-timeline-row]') !== null;
}

/**
 * Global keys. Single-letter keys act only when no text field (the terminal
 * included) has focus, so typing in the shell never triggers them.
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const state = useAppStore.getState();
      const mod = event.ctrlKey || event.metaKey;
      const inTerminal = event.target instanceof HTMLElement && event.target.closest('.terminal-host') !== null;
      // Keys typed into the terminal belong to the shell: Ctrl+K (kill-line), and Ctrl+Enter must never
      // send a runbook step from there. Ctrl+Shift+P always works.
      if (!mod && !event.altKey && ownsItsKeys(event.target)) {
        return;
      } else if (handleRecordKey(event, { inTerminal, typing: isTyping(event.target) })) {
        // handled: an incident-record key (notes, status, search, export…)
      } else if ((mod && event.shiftKey && event.key.toLowerCase() === 'p') || (mod && !event.shiftKey && event.key.toLowerCase() === 'k' && !inTerminal)) {
        state.setPaletteOpen(!state.paletteOpen);
      } else if (mod && event.shiftKey && event.key.toLowerCase() === 'l') {
        state.toggleTheme();
      } else if (mod && event.key === '`') {
        focusTerminal();
      } else if (mod && event.shiftKey && event.key.toLowerCase() === 'x') {
        // Cancel: the newest run still going, whichever step it is.
        const running = activeRuns(state.runs)[0];
        if (running) void state.cancelRun(running.runId);
        else state.notify('Nothing is running.', 'info');
      } else if (mod && event.shiftKey && event.key === 'Enter' && !inTerminal && !state.pendingConfirmation && !state.paletteOpen && !state.recordDialog) {
        if (state.selectedRunbook) state.setRunAllOpen(true);
      } else if (mod && event.key === 'Enter' && !inTerminal && !state.pendingConfirmation && !state.paletteOpen && !state.recordDialog && !isInRecordForm(event.target)) {
        const step = state.selectedRunbook?.steps[state.focusedStepIndex];
        if (step) state.requestRun(step);
      } else if (!mod && !event.altKey && !isTyping(event.target) && !isTimelineRow(event.target) && !state.paletteOpen && !state.pendingConfirmation) {
        if (event.key === 'j' || event.key === 'ArrowDown') state.focusStep(state.focusedStepIndex + 1);
        else if (event.key === 'k' || event.key === 'ArrowUp') state.focusStep(state.focusedStepIndex - 1);
        else if (event.key === '/') focusRunbookFilter();
        else if (event.key === '.') {
          const step = state.selectedRunbook?.steps[state.focusedStepIndex];
          if (step) state.showDryRun(step);
        } else if (event.key === 'Escape' && state.dryRunStep) state.showDryRun(null);
        else return;
      } else {
        return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
