import type { StateCreator } from 'zustand';
import type { Runbook } from '../../../shared/model/runbook';
import { resolveParams, type ResolvedParams } from '../../../shared/runbook/params';
import type { AppState } from './app-store';

/**
 * What a run of the selected runbook would use: the chosen profile and the
 * values typed over it. Kept in memory only — secret values must never reach
 * localStorage or the database.
 */
export interface RunContextSlice {
  /** Runbook id → chosen profile name (null: defaults only). */
  profileByRunbook: Record<string, string | null>;
  /** Runbook id → param name → typed value. */
  overridesByRunbook: Record<string, Record<string, string>>;
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

/**
 * The profile a runbook starts with: the one the user chose, else `staging`
 * when it exists (never production by default), else none.
 */
export function effectiveProfile(state: Pick<AppState, 'profileByRunbook'>, runbook: Runbook): string | null {
  if (Object.prototype.hasOwnProperty.call(state.profileByRunbook, runbook.id)) return state.profileByRunbook[runbook.id] ?? null;
  return runbook.profiles.find((profile) => profile.name === 'staging')?.name ?? null;
}

/** Params as a run of this runbook would resolve them now. */
export function currentParams(state: Pick<AppState, 'profileByRunbook' | 'overridesByRunbook'>, runbook: Runbook): ResolvedParams {
  return resolveParams(runbook, effectiveProfile(state, runbook), state.overridesByRunbook[runbook.id] ?? {});
}
