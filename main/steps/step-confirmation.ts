import { Refused } from '../../shared/model/domain-errors';
import { confirmationRefusal, type Confirmation } from '../../shared/runbook/confirmation';
import type { Step } from '../../shared/model/runbook';

export { confirmationFor, type Confirmation, type ConfirmationRequirement } from '../../shared/runbook/confirmation';

/**
 * Main's gate on the one rule (shared/runbook/confirmation.ts): refuses with
 * 'forbidden' unless `given` satisfies it.
 */
export function assertConfirmed(step: Step, confirmation: Confirmation, given: string | undefined): void {
  const refusal = confirmationRefusal(step, confirmation, given);
  if (refusal !== null) throw new Refused(refusal);
}
