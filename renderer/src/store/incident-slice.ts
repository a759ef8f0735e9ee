import type { StateCreator } from 'zustand';
import type { IncidentStatus, KeyMoments, PostmortemFields, Severity } from '../../../shared/export/incident-record';
import type { IncidentSummary } from '../../../shared/ipc/channels/incident-channels';
import type { RequestOf } from '../../../shared/ipc/contract';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';

/** The incident-record dialogs; one is open at a time. */
export type RecordDialog = 'declare' | 'edit' | 'incidents' | 'status' | 'search' | 'export' | 'shortcuts';

/** What the declare dialog starts as. */
export type DeclareKind = 'incident' | 'drill';

export interface IncidentSlice {
  recordDialog: RecordDialog | null;
  declareKind: DeclareKind;
  /** record:warning messages (e.g. disk full) not yet dismissed, oldest first. */
  recordWarnings: string[];
  openRecordDialog(dialog: RecordDialog | null, options?: { declareKind?: DeclareKind }): void;
  /** The declared incident's id (it becomes the active one, though the store shows it a moment later), or null when refused. */
  declareIncident(input: RequestOf<'incident:declare'>): Promise<string | null>;
  setIncidentStatus(status: IncidentStatus): Promise<void>;
  updateIncident(patch: { title?: string; severity?: Severity; services?: string[]; postmortem?: Partial<PostmortemFields> }): Promise<boolean>;
  setIncidentRoles(roles: { commander?: string | null; communicationsLead?: string | null; responders?: string[] }): Promise<boolean>;
  setIncidentMoment(moment: keyof KeyMoments, at: string | null): Promise<boolean>;
  /** Makes another incident the active one and shows its timeline. */
  switchIncident(incidentId: string): Promise<boolean>;
  /** incident:changed from main. */
  receiveIncidentChange(summary: IncidentSummary): void;
  receiveRecordWarning(message: string): void;
  dismissRecordWarning(message: string): void;
}

export const createIncidentSlice: StateCreator<AppState, [], [], IncidentSlice> = (set, get) => {
  /** Runs a call that returns the updated incident; shows errors as notices. */
  const apply = async (request: () => Promise<IncidentSummary>): Promise<boolean> => {
    try {
      get().receiveIncidentChange(await request());
      return true;
    } catch (error) {
      get().reportError(error);
      return false;
    }
  };
  const activeId = () => get().incident?.id;

  return {
    recordDialog: null,
    declareKind: 'incident',
    recordWarnings: [],
    openRecordDialog(dialog, options) {
      set({ recordDialog: dialog, ...(options?.declareKind ? { declareKind: options.declareKind } : {}) });
    },
    async declareIncident(input) {
      let declared: string | null = null;
      const ok = await apply(async () => {
        const summary = await call('incident:declare', input);
        declared = summary.id;
        return summary;
      });
      if (ok) set({ recordDialog: null });
      return declared;
    },
    async setIncidentStatus(status) {
      const id = activeId();
      if (id) await apply(() => call('incident:set-status', { incidentId: id, status }));
    },
    async updateIncident(patch) {
      const id = activeId();
      return id ? apply(() => call('incident:update', { incidentId: id, ...patch })) : false;
    },
    async setIncidentRoles(roles) {
      const id = activeId();
      return id ? apply(() => call('incident:set-roles', { incidentId: id, ...roles })) : false;
    },
    async setIncidentMoment(moment, at) {
      const id = activeId();
      return id ? apply(() => call('incident:set-moment', { incidentId: id, moment, at })) : false;
    },
    async switchIncident(incidentId) {
      return apply(() => call('incident:switch', { incidentId }));
    },
    receiveIncidentChange(summary) {
      const current = get().incident;
      if (!summary.active) return;
      if (current?.id === summary.id) set({ incident: summary });
      // Another incident became the active one: show its timeline from the record.
      else void get().loadTimeline();
    },
    receiveRecordWarning(message) {
      set({ recordWarnings: [...get().recordWarnings.filter((m) => m !== message), message].slice(-3) });
    },
    dismissRecordWarning(message) {
      set({ recordWarnings: get().recordWarnings.filter((m) => m !== message) });
    },
  };
};
