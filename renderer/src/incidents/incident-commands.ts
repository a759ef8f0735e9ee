import type { PaletteCommand } from '../palette/commands';
import { useAppStore } from '../store/app-store';
import { STATUS_STEPS } from './incident-labels';

/** The incident-record entries of the command palette. */
export function incidentRecordCommands(): PaletteCommand[] {
  const state = useAppStore.getState();
  const incident = state.incident;
  const commands: PaletteCommand[] = [
    { id: 'declare-incident', title: 'Declare an incident', shortcut: 'D', run: () => state.openRecordDialog('declare', { declareKind: 'incident' }) },
    { id: 'start-drill', title: 'Start a drill', run: () => state.openRecordDialog('declare', { declareKind: 'drill' }) },
    { id: 'switch-incident', title: 'Switch incident (list, filter)', shortcut: 'I', run: () => state.openRecordDialog('incidents') },
    { id: 'add-note', title: 'Add a note to the timeline', shortcut: 'N', run: () => state.openNoteComposer({ mode: 'new' }) },
    { id: 'search-record', title: 'Search every incident (commands, output, notes)', shortcut: 'Ctrl+Shift+F', run: () => state.openRecordDialog('search') },
    { id: 'edit-incident', title: 'Edit incident details, roles and key moments', shortcut: 'E', run: () => state.openRecordDialog('edit') },
    { id: 'export-incident', title: 'Export incident (Markdown, JSON, HTML, asciicast)', shortcut: 'X', run: () => state.openRecordDialog('export') },
    { id: 'backup-now', title: 'Back up the database now', run: () => state.openRecordDialog('export') },
    { id: 'show-starred', title: 'Timeline: show starred events', run: () => state.setTimelineFilter('starred') },
    { id: 'show-all', title: 'Timeline: show all events', run: () => state.setTimelineFilter('all') },
    { id: 'shortcuts', title: 'Keyboard shortcuts', shortcut: '?', run: () => state.openRecordDialog('shortcuts') },
  ];
  if (incident) {
    for (const step of STATUS_STEPS) {
      if (step.status === incident.status) continue;
      commands.push({ id: `status-${step.status}`, title: `Set status: ${step.label}`, shortcut: `S ${step.key}`, run: () => void state.setIncidentStatus(step.status) });
    }
  }
  return commands;
}
