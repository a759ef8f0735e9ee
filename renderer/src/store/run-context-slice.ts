import type { StateCreator } from 'zustand';
import { dismissFormProblem, hasFormProblems, typedIntoField, type FormProblems } from '../../../shared/alerts/link-form';
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
  /** What a link or alert that just opened the runbook could not fill (null: nothing); replaces the last one's. */
  setFormProblems(runbookId: string, problems: FormProblems | null): void;
  /** The responder dismissed a link's unknown param, refused field or unknown profile: run without it. */
  dismissFormProblem(runbookId: string, key: string): void;
}

export const createRunContextSlice: StateCreator<AppState, [], [], RunContextSlice> = (set, get) => {
  const setProblems = (key: string, problems: FormProblems | null) => {
    const { [key]: _old, ...rest } = get().formProblemsByRunbook;
    // Kept while anything is left to say, including where a filled bad value came from.
    const keep = problems && (hasFormProblems(problems) || Object.keys(problems.filled).length > 0);
    set({ formProblemsByRunbook: keep ? { ...rest, [key]: problems } : rest });
  };
  return {
    profileByRunbook: {},
    overridesByRunbook: {},
    formProblemsByRunbook: {},
    chooseProfile(runbookId, profile) {
      set({ profileByRunbook: { ...get().profileByRunbook, [runContextKey(get(), runbookId)]: profile } });
    },
    setParam(runbookId, name, value) {
      const key = runContextKey(get(), runbookId);
      const current = get().overridesByRunbook[key] ?? {};
      set({ overridesByRunbook: { ...get().overridesByRunbook, [key]: { ...current, [name]: value } } });
      // Typing into a field a link could not fill answers it (the form validates what was typed).
      const problems = get().formProblemsByRunbook[key];
      if (problems) setProblems(key, typedIntoField(problems, name));
    },
    clearParam(runbookId, name) {
      const key = runContextKey(get(), runbookId);
      const { [name]: _removed, ...rest } = get().overridesByRunbook[key] ?? {};
      set({ overridesByRunbook: { ...get().overridesByRunbook, [key]: rest } });
    },
    setFormProblems(runbookId, problems) {
      setProblems(runContextKey(get(), runbookId), problems);
    },
    dismissFormProblem(runbookId, key) {
      const contextKey = runContextKey(get(), runbookId);
      const problems = get().formProblemsByRunbook[contextKey];
      if (problems) setProblems(contextKey, dismissFormProblem(problems, key));
    },
  };
};

export { currentParams, effectiveProfile, paramOverrides, runContextKey, stepConfirmation } from './run-choice';
