import { create } from 'zustand';
import { hasFormProblems, readOpenedValues } from '../../../shared/alerts/link-form';
import { CADENCE_PREFERENCE } from '../../../shared/alerts/status-update';
import type { OpenedLink } from '../../../shared/ipc/channels/alert-channels';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import { effectiveProfile } from '../store/run-context-slice';
import { useTeamUi } from '../team/team-ui';

export type PageResponse = ResponseOf<'alerts:page'>;

/** The alert dialogs' own state, apart from the app store: which is open, and what the last paste gave. */
interface AlertUiState {
  dialog: 'paste' | 'update' | null;
  lastPage: PageResponse | null;
  /** The `comms.cadence` preference from settings.json, as stored. */
  cadenceSetting: unknown;
  open(dialog: 'paste' | 'update' | null): void;
  setLastPage(result: PageResponse | null): void;
}

export const useAlertUi = create<AlertUiState>((set) => ({
  dialog: null,
  lastPage: null,
  cadenceSetting: undefined,
  open: (dialog) => set({ dialog }),
  setLastPage: (lastPage) => set({ lastPage }),
}));

/**
 * Opens a runbook with values filled in the params form (from an alert's
 * labels or a link). Nothing runs: the values are the form's, checked by
 * its rules; what the form could not fill (a param the runbook lacks, a
 * secret in a link, a value the rules refused) is shown in the form as an
 * error the responder fixes or dismisses (shared/alerts/link-form.ts).
 */
export async function openRunbookWithValues(link: Pick<OpenedLink, 'runbookId' | 'profile' | 'values' | 'errors' | 'profileError' | 'origin'>): Promise<void> {
  const state = useAppStore.getState();
  if (!state.runbooks.some((runbook) => runbook.id === link.runbookId)) {
    state.notify(`There is no runbook "${link.runbookId}" in the library.`, 'error');
    return;
  }
  await state.selectRunbook(link.runbookId);
  const after = useAppStore.getState();
  const runbook = after.selectedRunbook;
  if (!runbook || runbook.id !== link.runbookId) return;
  const { profile, fill, problems } = readOpenedValues(runbook, link, effectiveProfile(after, runbook));
  if (profile) after.chooseProfile(runbook.id, profile);
  for (const [name, value] of Object.entries(fill)) after.setParam(runbook.id, name, value);
  // After the values: filling a field counts as answering it.
  after.setFormProblems(runbook.id, problems);
  if (hasFormProblems(problems) || Object.keys(link.errors).length > 0) after.notify(`Opened “${runbook.title}” from the ${link.origin}: fix or dismiss what is marked in the parameters before running.`, 'info');
}

/**
 * Listens for links handed to the app, and takes one (and an invite, for the
 * Team panel) that arrived before the page did — each once the runbooks and the incident on screen are loaded
 * (`ready`): the values are kept per incident, so filling them before the
 * incident is known would file them under none and they would vanish.
 */
export function listenForLinks(subscribe: (listener: (link: OpenedLink) => void) => () => void, ready: Promise<unknown> = Promise.resolve()): () => void {
  const settled = ready.catch(() => {});
  const unsubscribe = subscribe((link) => void settled.then(() => openRunbookWithValues(link)));
  void call('settings:preferences', {})
    .then(({ preferences }) => useAlertUi.setState({ cadenceSetting: preferences[CADENCE_PREFERENCE] }))
    .catch(() => {});
  void settled
    .then(() => call('links:take', {}))
    .then(({ link, invite }) => {
      if (link) void openRunbookWithValues(link);
      if (invite) useTeamUi.getState().openInvite(invite);
    })
    .catch(() => {});
  return unsubscribe;
}

/** Sends a pasted payload; on success the new (or joined) incident is the one on screen. */
export async function pasteAlert(payload: string): Promise<{ ok: true; result: PageResponse } | { ok: false; message: string }> {
  try {
    const result = await call('alerts:page', { payload });
    useAlertUi.getState().setLastPage(result);
    if (result.incident) await useAppStore.getState().loadTimeline();
    return { ok: true, result };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
