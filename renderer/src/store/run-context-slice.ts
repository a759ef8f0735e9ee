import type { StateCreator } from 'zustand';
import type { AppState } from './app-store';
import type { RunChoice } from './run-choice';

/**
 * What a run of the selected runbook would use: the chosen profile and the
 * values typed over it. Kept in memory only — secret values must never reach
 * localStorage or the database.
 */
export interface RunContextSlice extends RunChoice {
  chooseProfile(runbookId: string, profile: string | null): void;
  setParam(runbookId: string, name: string, value: string): void;
  clearParam(runbookId: string, name: string): void;
}

export const createRunContextSlice: StateCreator<AppState, [], [], RunContextSlice> = (set, get) => ({
  profileByRunbook: {},
  overridesByRunbook: {},
  chooseProfile(runbookId, profile) {
    set({ profileByRunbook: { ...get().profileByRunbook, [runbookId]: profile } });
  },
  setParam(runbookId, name, value) {
    const current = get().overridesByRunbook[runbookId] ?? {};
    set({ overridesByRunbook: { ...get().overridesByRunbook, [runbookId]: { ...current, [name]: value } } });
  },
  clearParam(runbookId, name) {
    const { [name]: _removed, ...rest } = get().overridesByRunbook[runbookId] ?? {};
    set({ overridesByRunbook: { ...get().overridesByRunbook, [runbookId]: rest } });
  },
});

export { currentParams, effectiveProfile, stepConfirmation } from './run-choice';
