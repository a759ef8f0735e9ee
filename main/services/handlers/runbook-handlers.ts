import type { runbookRequests } from '../../../shared/ipc/channels/runbook-channels';
import type { RunbookLibrary } from '../../runbooks/runbook-library';
import type { TrustStore } from '../../runbooks/trust-store';
import type { UserRunbookFolders } from '../../runbooks/user-folders';
import type { HandlersFor } from '../contract-router';

/** What the runbook channels work on. */
export interface RunbookHandlerDeps {
  library: RunbookLibrary;
  trust: TrustStore;
  folders: UserRunbookFolders;
  /** Announces a trust decision (as `runbooks:changed` with `trustChanged`). */
  trustChanged(id: string): void;
}

/** Handlers for the library, folder and trust channels. None of them runs a step. */
export function runbookHandlers({ library, trust, folders, trustChanged }: RunbookHandlerDeps): HandlersFor<typeof runbookRequests> {
  const folderList = () => ({ folders: library.list().folders });
  return {
    'runbooks:list': () => {
      const { runbooks, problems, folders: states } = library.list();
      return { runbooks: runbooks.map((summary) => ({ ...summary, trust: trust.status(library.get(summary.id)) })), problems, folders: states };
    },
    'runbooks:get': ({ id }) => {
      const runbook = library.get(id);
      return { ...runbook, trust: trust.status(runbook) };
    },
    'runbooks:search': ({ query, limit }) => ({ matches: library.search(query, limit) }),
    'runbooks:folders': folderList,
    'runbooks:addFolder': ({ path }) => {
      folders.add(path);
      return folderList();
    },
    'runbooks:removeFolder': ({ path }) => {
      folders.remove(path);
      return folderList();
    },
    'runbooks:trustReview': ({ id }) => trust.review(library.get(id)),
    'runbooks:trust': ({ id, contentHash }) => {
      const grant = trust.grant(library.get(id), contentHash);
      trustChanged(id);
      return grant;
    },
    'runbooks:untrust': ({ id }) => {
      const status = trust.revoke(library.get(id));
      trustChanged(id);
      return { trust: status };
    },
  };
}
