import { useAppStore } from '../store/app-store';
import { TIMELINE_FILTERS } from '../timeline/describe-event';

/** Whether a key event comes from a note composer or a record dialog, which handle their own keys (Ctrl+Enter saves there). */
export function isInRecordForm(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('.note-composer, .record-dialog') !== null;
}

/**
 * The incident-record keys, called first by the global key handler.
 * Returns true when it handled the key (the caller then prevents the default).
 * Single letters act only outside text fields, the terminal, timeline rows
 * (which have their own keys) and open dialogs.
 */
export function handleRecordKey(event: KeyboardEvent, where: { inTerminal: boolean; typing: boolean }): boolean {
  const state = useAppStore.getState();
  const mod = event.ctrlKey || event.metaKey;
  // In the terminal, Ctrl+Shift+F is the terminal's own search.
  if (mod && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f' && !where.inTerminal) {
    state.openRecordDialog(state.recordDialog === 'search' ? null : 'search');
    return true;
  }
  if (mod || event.altKey || where.typing || where.inTerminal) return false;
  if (state.paletteOpen || state.pendingConfirmation || state.recordDialog || state.outputTarget) return false;
  if (event.target instanceof HTMLElement && event.target.closest('[data-timeline-row]')) return false;
  switch (event.key) {
    case 'n':
      state.openNoteComposer({ mode: 'new' });
      return true;
    case 's':
      state.openRecordDialog('status');
      return true;
    case 'i':
      state.openRecordDialog('incidents');
      return true;
    case 'd':
      state.openRecordDialog('declare', { declareKind: 'incident' });
      return true;
    case 'e':
      state.openRecordDialog('edit');
      return true;
    case 'x':
      state.openRecordDialog('export');
      return true;
    case '?':
      state.openRecordDialog('shortcuts');
      return true;
    case 'f': {
      const index = TIMELINE_FILTERS.findIndex((f) => f.filter === state.timelineFilter);
      state.setTimelineFilter(TIMELINE_FILTERS[(index + 1) % TIMELINE_FILTERS.length]!.filter);
      return true;
    }
    default:
      return false;
  }
}
