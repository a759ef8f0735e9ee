import type { stepRequests } from '../../../shared/ipc/channels/step-channels';
import type { StepRunner } from '../../steps/step-runner';
import type { HandlersFor } from '../contract-router';

/** The step:* channels over the step runner. */
export function stepHandlers(steps: StepRunner): HandlersFor<typeof stepRequests> {
  return {
    'step:run': (request) => steps.run(request),
    'step:rollback': (request) => steps.rollback(request),
    'step:plan': ({ runbookId, ...choice }) => steps.plan(runbookId, choice),
    'step:runAll': (request) => steps.runAll(request),
    'step:cancel': (target) => ({ cancelled: steps.cancel(target) }),
    'step:dryRun': (request) => steps.dryRun(request),
    'step:list': () => steps.list(),
  };
}
