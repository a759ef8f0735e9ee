import { useEffect } from 'react';
import { focusRunbookFilter, focusTerminal } from '../palette/commands';
import { useAppStore } from '../store/app-store';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
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
      // Ctrl+K belongs to the shell (kill-line) while the terminal has focus; Ctrl+Shift+P always works.
      if ((mod && event.shiftKey && event.key.toLowerCase() === 'p') || (mod && !event.shiftKey && event.key.toLowerCase() === 'k' && !inTerminal)) {
        state.setPaletteOpen(!state.paletteOpen);
      } else if (mod && event.shiftKey && event.key.toLowerCase() === 'l') {
        state.toggleTheme();
      } else if (mod && event.key === '`') {
        focusTerminal();
      } else if (mod && event.key === 'Enter' && !state.pendingConfirmation && !state.paletteOpen) {
        const step = state.selectedRunbook?.steps[state.focusedStepIndex];
        if (step) state.requestRun(step);
      } else if (!mod && !event.altKey && !isTyping(event.target) && !state.paletteOpen && !state.pendingConfirmation) {
        if (event.key === 'j' || event.key === 'ArrowDown') state.focusStep(state.focusedStepIndex + 1);
        else if (event.key === 'k' || event.key === 'ArrowUp') state.focusStep(state.focusedStepIndex - 1);
        else if (event.key === '/') focusRunbookFilter();
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
