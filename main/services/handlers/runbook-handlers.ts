import type { runbookRequests } from '../../../shared/ipc/channels/runbook-channels';
import type { RunbookLibrary } from '../../runbooks/runbook-library';
import type { HandlersFor } from '../contract-router';

export function runbookHandlers(library: RunbookLibrary): HandlersFor<typeof runbookRequests> {
  return {
    'runbooks:list': () => library.list(),
    'runbooks:get': ({ id }) => library.get(id),
  };
}
