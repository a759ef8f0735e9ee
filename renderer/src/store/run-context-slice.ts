import type { StateCreator } from 'zustand';
import type { Runbook } from '../../../shared/model/runbook';
import { resolveParams, type ResolvedParams } from '../../../shared/runbook/params';
import type { AppState } from './app-store';

/**
 * What a run of the selected runbook would use: the chosen profile and the
 * values typed over it, per incident — a drill starts from the runbook's
 * own values, not the ones typed during the real incident, and ending it
 * leaves the incident's choices as they were. Kept in memory only — secret
 * values must never reach localStorage or the database.
 */
export interface RunContextSlice {
  /** {@link runContextKey} (incident and runbook) → chosen profile name (null: defaults only). */
  profileByRunbook: Record<string, string | null>;
  /** {@link runContextKey} → param name → typed value. */
  overridesByRunbook: Record<string, Record<string, string>>;
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

/**
 * The profile a runbook starts with: the one the user chose, else `staging`
 * when it exists (never production by default), else none.
 */
export function effectiveProfile(state: Pick<AppState, 'profileByRunbook' | 'incident'>, runbook: Runbook): string | null {
  const key = runContextKey(state, runbook.id);
  if (Object.prototype.hasOwnProperty.call(state.profileByRunbook, key)) return state.profileByRunbook[key] ?? null;
  // A drill runs against its lab: its own profile is the one that points there.
  if (state.incident?.kind === 'drill' && runbook.profiles.some((profile) => profile.name === 'drill')) return 'drill';
  return runbook.profiles.find((profile) => profile.name === 'staging')?.name ?? null;
}

/** The values typed over the profile for this runbook in the incident on screen. */
export function paramOverrides(state: Pick<AppState, 'overridesByRunbook' | 'incident'>, runbookId: string): Record<string, string> {
  return state.overridesByRunbook[runContextKey(state, runbookId)] ?? {};
}

/** Params as a run of this runbook would resolve them now. */
export function currentParams(state: Pick<AppState, 'profileByRunbook' | 'overridesByRunbook' | 'incident'>, runbook: Runbook): ResolvedParams {
  return resolveParams(runbook, effectiveProfile(state, runbook), paramOverrides(state, runbook.id));
}

/** The key of a runbook's run choices in one incident. */
export function runContextKey(state: Pick<AppState, 'incident'>, runbookId: string): string {
  return `${state.incident?.id ?? ''}\u0000${runbookId}`;
}
