import type { PaletteCommand } from '../palette/commands';
import { useAppStore } from '../store/app-store';

/** Palette entries of drill mode: start a drill for each runbook with a lab, end or abandon the running one, read the last report. */
export function drillCommands(): PaletteCommand[] {
  const state = useAppStore.getState();
  const drill = state.drill;
  if (drill && drill.phase !== 'ended') {
    return [
      { id: 'drill-end', title: 'End drill and score it', run: () => void state.endDrill('resolved') },
      { id: 'drill-abandon', title: 'Abandon drill', run: () => void state.endDrill('abandoned') },
    ];
  }
  const commands: PaletteCommand[] = state.drillScenarios.map((scenario) => {
    const title = state.runbooks.find((runbook) => runbook.id === scenario.runbookId)?.title ?? scenario.runbookId;
    return { id: `drill-start-${scenario.runbookId}`, title: `Start drill: ${title}`, run: () => state.requestDrill(scenario.runbookId) };
  });
  if (drill?.score) commands.push({ id: 'drill-report', title: 'Show last drill report', run: () => void state.openDrillReport(drill.incidentId) });
  return commands;
}
