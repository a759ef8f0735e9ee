import type { StateCreator } from 'zustand';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';

export type LibraryEntry = ResponseOf<'runbooks:list'>['runbooks'][number];
export type LibraryFolder = ResponseOf<'runbooks:list'>['folders'][number];
export type OpenRunbook = ResponseOf<'runbooks:get'>;
export type SearchMatch = ResponseOf<'runbooks:search'>['matches'][number];

export interface RunbooksSlice {
  runbooks: LibraryEntry[];
  folders: LibraryFolder[];
  libraryProblems: string[];
  selectedRunbookId: string | null;
  selectedRunbook: OpenRunbook | null;
  runbookFilter: string;
  /** Ranked matches for the filter (null while the filter is empty). */
  searchMatches: SearchMatch[] | null;
  /** Index of the step the keyboard is on, in the selected runbook. */
  focusedStepIndex: number;
  /** Reads the library; false when it could not be read (the list on screen is kept, and the error said). */
  loadRunbooks(): Promise<boolean>;
  selectRunbook(id: string): Promise<void>;
  /** Re-reads what the library says changed; the open runbook keeps its place. */
  libraryChanged(change: { removed: string[]; changed: string[]; trustChanged: string[] }): Promise<void>;
  /** Re-reads the whole library and the open runbook, when what changed is unknown (after the connection to the host dropped). */
  reloadLibrary(): Promise<void>;
  setRunbookFilter(filter: string): void;
  focusStep(index: number): void;
}

/** Typing in the filter searches after this pause, so each keystroke does not hit the backend. */
const SEARCH_DEBOUNCE_MS = 120;

export const createRunbooksSlice: StateCreator<AppState, [], [], RunbooksSlice> = (set, get) => {
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let searchGeneration = 0;
  return {
    runbooks: [],
    folders: [],
    libraryProblems: [],
    selectedRunbookId: null,
    selectedRunbook: null,
    runbookFilter: '',
    searchMatches: null,
    focusedStepIndex: 0,
    async loadRunbooks() {
      try {
        const { runbooks, problems, folders } = await call('runbooks:list', {});
        set({ runbooks, libraryProblems: problems, folders });
        const first = runbooks[0];
        if (!get().selectedRunbookId && first) await get().selectRunbook(first.id);
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },
    async selectRunbook(id) {
      const switching = get().selectedRunbookId !== id;
      set({ selectedRunbookId: id, ...(switching ? { focusedStepIndex: 0 } : {}) });
      try {
        const runbook = await call('runbooks:get', { id });
        // Highlighters load on demand: fetch this runbook's before it is drawn, so its code shows highlighted at once.
        // (The highlighter itself comes with the document's chunk, not at start-up.)
        const { fenceLanguages, loadLanguages } = await import('../runbooks/highlight-code');
        await loadLanguages([...fenceLanguages(runbook.source), ...runbook.steps.map((step) => step.language)]);
        if (get().selectedRunbookId !== id) return;
        set({ selectedRunbook: runbook, focusedStepIndex: Math.min(get().focusedStepIndex, Math.max(0, runbook.steps.length - 1)) });
        // The record snapshots the exact text that was opened (once per incident and content hash).
        if (switching) void call('incident:runbook-opened', { runbookId: id }).catch(() => {});
      } catch (error) {
        get().reportError(error);
      }
    },
    async libraryChanged({ removed, changed, trustChanged }) {
      const listed = await get().loadRunbooks();
      const selected = get().selectedRunbookId;
      if (!selected) return;
      // Gone from the library, whether the change said so or (after a reload) the list just read does.
      if (removed.includes(selected) || (listed && !get().runbooks.some((runbook) => runbook.id === selected))) {
        // Its dialogs go with it: a confirmation or a Run all left open would act on whichever runbook opens next.
        set({ selectedRunbookId: null, selectedRunbook: null, pendingConfirmation: null, runAllOpen: false, dryRunStep: null });
        get().notify('The open runbook was removed from the library.', 'info');
        const first = get().runbooks[0];
        if (first) await get().selectRunbook(first.id);
      } else if (changed.includes(selected) || trustChanged.includes(selected)) {
        await get().selectRunbook(selected);
      }
      if (get().runbookFilter) get().setRunbookFilter(get().runbookFilter);
    },
    async reloadLibrary() {
      const selected = get().selectedRunbookId;
      await get().libraryChanged({ removed: [], changed: selected ? [selected] : [], trustChanged: [] });
    },
    setRunbookFilter(filter) {
      set({ runbookFilter: filter });
      clearTimeout(searchTimer);
      const generation = ++searchGeneration;
      if (!filter.trim()) {
        set({ searchMatches: null });
        return;
      }
      searchTimer = setTimeout(() => {
        call('runbooks:search', { query: filter, limit: 50 })
          .then(({ matches }) => {
            if (generation === searchGeneration) set({ searchMatches: matches });
          })
          .catch((error) => get().reportError(error));
      }, SEARCH_DEBOUNCE_MS);
    },
    focusStep(index) {
      const steps = get().selectedRunbook?.steps.length ?? 0;
      if (!steps) return;
      set({ focusedStepIndex: Math.max(0, Math.min(steps - 1, index)) });
    },
  };
};

/** Whether the trust decision allows this runbook's steps to run. */
export function isRunnableByTrust(runbook: { trust: { state: string } }): boolean {
  return runbook.trust.state === 'bundled' || runbook.trust.state === 'trusted';
}
