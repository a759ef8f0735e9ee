import type { StateCreator } from 'zustand';
import type { DrillStatus } from '../../../shared/ipc/channels/drill-channels';
import type { ResponseOf } from '../../../shared/ipc/contract';
import type { DrillScore } from '../../../shared/drills/score-drill';
import { call } from '../ipc/bridge';
import type { AppState } from '../store/app-store';

/** A lab a runbook can be drilled against (drill:scenarios). */
export type DrillScenario = ResponseOf<'drill:scenarios'>[number];

/** Drill mode in the UI: the running drill, the labs on offer and the report being read. */
export interface DrillSlice {
  drill: DrillStatus | null;
  drillScenarios: DrillScenario[];
  drillStarting: boolean;
  /** The drill report open in the app, or null. */
  drillReport: DrillScore | null;
  loadDrills(): Promise<void>;
  /** Starts the runbook as a drill: its lab, a shell in it, the drill profile selected. */
  startDrill(runbookId: string): Promise<void>;
  endDrill(outcome: 'resolved' | 'abandoned'): Promise<void>;
  /** Main says the drill changed (health, injects, phase). */
  drillChanged(status: DrillStatus): void;
  openDrillReport(incidentId: string): Promise<void>;
  closeDrillReport(): void;
}

export const createDrillSlice: StateCreator<AppState, [], [], DrillSlice> = (set, get) => ({
  drill: null,
  drillScenarios: [],
  drillStarting: false,
  drillReport: null,
  async loadDrills() {
    try {
      const [scenarios, status] = await Promise.all([call('drill:scenarios', {}), call('drill:status', {})]);
      // A drill's steps default to its runbook's drill profile (run-context-slice): nothing to choose here.
      set({ drillScenarios: scenarios, drill: status });
    } catch (error) {
      get().reportError(error);
    }
  },
  async startDrill(runbookId) {
    if (get().drillStarting) return;
    set({ drillStarting: true });
    try {
      await get().selectRunbook(runbookId);
      // Steps in the drill default to the drill profile (its params point at the lab); the choice is the drill's own, so the
      // incident's profile and typed values are untouched when the drill ends.
      const status = await call('drill:start', { runbookId });
      set({ drill: status });
      if (status.sessionId) {
        const session = (await call('terminal:list', {})).find((candidate) => candidate.id === status.sessionId);
        if (session) get().sessionChanged(session);
        get().activateSession(status.sessionId);
      }
      get().notify(`Drill started: the ${status.scenario ?? 'tabletop'} lab is broken. The clock runs from T+0.`, 'info');
    } catch (error) {
      get().reportError(error);
    } finally {
      set({ drillStarting: false });
    }
  },
  async endDrill(outcome) {
    try {
      const status = await call('drill:end', { outcome });
      set({ drill: status, drillReport: status.score });
    } catch (error) {
      get().reportError(error);
    }
  },
  drillChanged(status) {
    const previous = get().drill;
    set({ drill: status });
    const fresh = status.injects.filter((inject) => inject.firedAt && !previous?.injects.some((old) => old.at === inject.at && old.message === inject.message && old.firedAt));
    for (const inject of fresh) get().notify(`Facilitator inject ${inject.at}: ${inject.message}`, 'info');
  },
  async openDrillReport(incidentId) {
    try {
      const score = await call('drill:score', { incidentId });
      if (!score) {
        get().notify('This drill has not been scored yet: end it first.', 'info');
        return;
      }
      set({ drillReport: score });
    } catch (error) {
      get().reportError(error);
    }
  },
  closeDrillReport() {
    set({ drillReport: null });
  },
});
