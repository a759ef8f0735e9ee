import type { StateCreator } from 'zustand';
import type { AppState } from './app-store';
import { runContextKey, type RunChoice } from './run-choice';

/**
 * What a run of the selected runbook would use: the chosen profile and the
 * values typed over it, per incident — a drill starts from the runbook's
 * own values, not the ones typed during the real incident, and ending it
 * leaves the incident's choices as they were. Kept in memory only — secret
 * values must never reach localStorage or the database.
 */
export interface RunContextSlice extends Omit<RunChoice, 'incident'> {
  chooseProfile(runbookId: string, profile: string | null): void;
  setParam(runbookId: string, name: string, value: string): void;
  clearParam(runbookId: string, name: string): void;
}

export const createRunContextSlice: StateCreator<AppState, [], [], RunContextSlice> = (set, get) => ({
  profileByRunbook: {},
  overridesByRunbook: {},
  chooseProfile(runbookId, profile) {
    set({ profileByRunbook: { ...get().profileByRunbook, [runContextKey(get(), runbookId)]: profile } });
  },
  setParam(runbookId, name, value) {
    const key = runContextKey(get(), runbookId);
    const current = get().overridesByRunbook[key] ?? {};
    set({ overridesByRunbook: { ...get().overridesByRunbook, [key]: { ...current, [name]: value } } });
  },
  clearParam(runbookId, name) {
    const key = runContextKey(get(), runbookId);
    const { [name]: _removed, ...rest } = get().overridesByRunbook[key] ?? {};
    set({ overridesByRunbook: { ...get().overridesByRunbook, [key]: rest } });
  },
});

export { currentParams, effectiveProfile, paramOverrides, runContextKey, stepConfirmation } from './run-choice';
