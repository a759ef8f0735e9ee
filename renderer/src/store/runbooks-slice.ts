import type { StateCreator } from 'zustand';
import type { Runbook, RunbookSummary } from '../../../shared/model/runbook';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';

export interface RunbooksSlice {
  runbooks: RunbookSummary[];
  libraryProblems: string[];
  selectedRunbookId: string | null;
  selectedRunbook: Runbook | null;
  runbookFilter: string;
  /** Index of the step the keyboard is on, in the selected runbook. */
  focusedStepIndex: number;
  loadRunbooks(): Promise<void>;
  selectRunbook(id: string): Promise<void>;
  setRunbookFilter(filter: string): void;
  focusStep(index: number): void;
}

export const createRunbooksSlice: StateCreator<AppState, [], [], RunbooksSlice> = (set, get) => ({
  runbooks: [],
  libraryProblems: [],
  selectedRunbookId: null,
  selectedRunbook: null,
  runbookFilter: '',
  focusedStepIndex: 0,
  async loadRunbooks() {
    try {
      const { runbooks, problems } = await call('runbooks:list', {});
      set({ runbooks, libraryProblems: problems });
      const first = runbooks[0];
      if (!get().selectedRunbookId && first) await get().selectRunbook(first.id);
    } catch (error) {
      get().reportError(error);
    }
  },
  async selectRunbook(id) {
    set({ selectedRunbookId: id, focusedStepIndex: 0 });
    try {
      const runbook = await call('runbooks:get', { id });
      if (get().selectedRunbookId === id) set({ selectedRunbook: runbook });
    } catch (error) {
      get().reportError(error);
    }
  },
  setRunbookFilter(filter) {
    set({ runbookFilter: filter });
  },
  focusStep(index) {
    const steps = get().selectedRunbook?.steps.length ?? 0;
    if (!steps) return;
    set({ focusedStepIndex: Math.max(0, Math.min(steps - 1, index)) });
  },
});

/** Runbooks matching the sidebar filter, by title, id, tags and services. */
export function filterRunbooks(runbooks: RunbookSummary[], filter: string): RunbookSummary[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return runbooks;
  return runbooks.filter((runbook) => {
    const haystack = [runbook.title, runbook.id, runbook.summary, ...runbook.tags, ...runbook.services].join(' ').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
