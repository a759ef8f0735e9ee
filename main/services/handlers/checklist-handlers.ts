import type { checklistRequests } from '../../../shared/ipc/channels/checklist-channels';
import { ContractFailure } from '../../../shared/ipc/envelope';
import type { RunbookLibrary } from '../../runbooks/runbook-library';
import type { HandlersFor } from '../contract-router';
import type { TimelineRecorder } from '../timeline-recorder';

export function checklistHandlers(library: RunbookLibrary, recorder: TimelineRecorder): HandlersFor<typeof checklistRequests> {
  return {
    'checklist:tick': ({ runbookId, itemId, checked, incidentId }) => {
      const runbook = library.get(runbookId);
      const item = runbook.checklist.find((candidate) => candidate.id === itemId);
      if (!item) throw new ContractFailure('not_found', `Runbook "${runbook.title}" has no checklist item "${itemId}".`);
      recorder.record(incidentId ?? recorder.incidentForAction().id, 'checklist.ticked', { runbookId, runbookTitle: runbook.title, itemId, text: item.text, checked, line: item.line });
      return {};
    },
  };
}
