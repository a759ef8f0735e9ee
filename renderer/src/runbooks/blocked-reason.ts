import type { ConfirmationRequirement } from '../../../shared/runbook/confirmation';

/** Why a step cannot be confirmed, with the app's remedy: a param without a value is set in the params form. */
export function blockedReasonText(requirement: Extract<ConfirmationRequirement, { kind: 'blocked' }>): string {
  return requirement.param ? `${requirement.reason} Set ${requirement.param} in the params form first.` : requirement.reason;
}
