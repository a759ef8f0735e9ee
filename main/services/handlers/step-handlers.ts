import type { stepRequests } from '../../../shared/ipc/channels/step-channels';
import type { StepRunner } from '../../steps/step-runner';
import type { HandlersFor } from '../contract-router';

export function stepHandlers(steps: StepRunner): HandlersFor<typeof stepRequests> {
  return {
    'step:run': ({ runbookId, stepId, sessionId }) => steps.run(runbookId, stepId, sessionId),
  };
}
