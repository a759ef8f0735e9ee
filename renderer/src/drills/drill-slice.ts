import type { StateCreator } from 'zustand';
import type { DrillStatus } from '../../../shared/ipc/channels/drill-channels';
import type { ResponseOf } from '../../../shared/ipc/contract';
import type { DrillScore } from '../../../shared/drills/score-drill';
import { newerDrillStatus } from '../../../shared/model/drill-status';
import { call } from '../ipc/bridge';
import type { AppState } from '../store/app-store';

/** A lab a runbook can be drilled against (drill:scenarios). */
export type DrillScenario = ResponseOf<'drill:scenarios'>[number];

/** Drill mode in the UI: the running drill, the labs on offer and the report being read. */
export interface DrillSlice {
  drill: DrillStatus | null;
  drillScenarios: DrillScenario[];
  drillStarting: boolean;
  /** The runbook whose drill waits for a yes, because a real incident is open. */
  drillToConfirm: string | null;
  /** The drill report open in the app, or null. */
  drillReport: DrillScore | null;
  loadDrills(): Promise<void>;
  /** Start drill as the user asks for it: asks first when a real incident is open. */
  requestDrill(runbookId: string): void;
  /** Answers the question: start it, or stay on the incident. */
  confirmDrill(start: boolean): void;
  /** Starts the runbook as a drill: its lab, a shell in it, the drill profile selected. */
  startDrill(runbookId: string): Promise<void>;
  endDrill(outcome: 'resolved' | 'abandoned'): Promise<void>;
  /** Main says the drill changed (health, injects, phase). */
  drillChanged(status: DrillStatus): void;
  openDrillReport(incidentId: string): Promise<void>;
  closeDrillReport(): void;
}

/** The condition key of the "lab is broken" notice. */
const LAB_BROKEN_NOTICE = 'drill-lab-broken';
/** The condition key of the latest facilitator inject's notice: it belongs to a running drill. */
const DRILL_INJECT_NOTICE = 'drill-inject';

export const createDrillSlice: StateCreator<AppState, [], [], DrillSlice> = (set, get) => ({
  drill: null,
  drillScenarios: [],
  drillStarting: false,
  drillToConfirm: null,
  drillReport: null,
  requestDrill(runbookId) {
    const incident = get().incident;
    if (incident?.kind === 'incident' && incident.status !== 'resolved') set({ drillToConfirm: runbookId });
    else void get().startDrill(runbookId);
  },
  confirmDrill(start) {
    const runbookId = get().drillToConfirm;
    set({ drillToConfirm: null });
    if (start && runbookId) void get().startDrill(runbookId);
  },
  async loadDrills() {
    try {
      const [scenarios, status] = await Promise.all([call('drill:scenarios', {}), call('drill:status', {})]);
      // A drill's steps default to its runbook's drill profile (run-context-slice): nothing to choose here.
      set({ drillScenarios: scenarios, drill: newerDrillStatus(get().drill, status) });
    } catch (error) {
      get().reportError(error);
    }
  },
  async startDrill(runbookId) {
    if (get().drillStarting) return;
    set({ drillStarting: true });
    try {
      // Opened alongside, not first: drill:start goes out now or, with the host unreachable, fails now. Behind a read that
      // waits for the connection, it would start the lab whenever the host came back.
      const opening = get().selectRunbook(runbookId);
      // Steps in the drill default to the drill profile (its params point at the lab); the choice is the drill's own, so the
      // incident's profile and typed values are untouched when the drill ends.
      const status = await call('drill:start', { runbookId });
      await opening;
      // The lab's first health check may have been heard already, as a newer drill:state.
      set({ drill: newerDrillStatus(get().drill, status) });
      if (status.sessionId) {
        const session = (await call('terminal:list', {})).find((candidate) => candidate.id === status.sessionId);
        if (session) get().sessionChanged(session);
        get().activateSession(status.sessionId);
      }
      get().notify(`Drill started: the ${status.scenario ?? 'tabletop'} lab is broken. The clock runs from T+0.`, 'info', LAB_BROKEN_NOTICE);
    } catch (error) {
      get().reportError(error);
    } finally {
      set({ drillStarting: false });
    }
  },
  async endDrill(outcome) {
    try {
      const status = await call('drill:end', { outcome });
      set({ drill: newerDrillStatus(get().drill, status), drillReport: status.score });
      get().withdrawNotice(LAB_BROKEN_NOTICE);
      get().withdrawNotice(DRILL_INJECT_NOTICE);
    } catch (error) {
      get().reportError(error);
    }
  },
  drillChanged(incoming) {
    const previous = get().drill;
    const status = newerDrillStatus(previous, incoming);
    if (status !== incoming) return;
    set({ drill: status });
    // "The lab is broken" is no longer true once it recovers or the drill is over.
    if (status.phase === 'ended' || status.health?.healthy) get().withdrawNotice(LAB_BROKEN_NOTICE);
    const fresh = status.injects.filter((inject) => inject.firedAt && !previous?.injects.some((old) => old.at === inject.at && old.message === inject.message && old.firedAt));
    for (const inject of fresh) get().notify(`Facilitator inject ${inject.at}: ${inject.message}`, 'info', DRILL_INJECT_NOTICE);
    if (status.phase === 'ended') get().withdrawNotice(DRILL_INJECT_NOTICE);
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
