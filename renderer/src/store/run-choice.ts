/**
 * What a run of a runbook would use, worked out from the responder's choices
 * alone (pure: no store, no DOM), so the dialogs and the tests share it.
 */
import type { Runbook, Step } from '../../../shared/model/runbook';
import { confirmationFor, type Confirmation } from '../../../shared/runbook/confirmation';
import { resolveParams, type ResolvedParams } from '../../../shared/runbook/params';

/** The responder's choices for runs (kept by the run-context slice). */
export interface RunChoice {
  /** Runbook id → chosen profile name (null: defaults only). */
  profileByRunbook: Record<string, string | null>;
  /** Runbook id → param name → typed value. */
  overridesByRunbook: Record<string, Record<string, string>>;
}

/**
 * The profile a runbook starts with: the one the user chose, else `staging`
 * when it exists (never production by default), else none.
 */
export function effectiveProfile(state: Pick<RunChoice, 'profileByRunbook'>, runbook: Runbook): string | null {
  if (Object.prototype.hasOwnProperty.call(state.profileByRunbook, runbook.id)) return state.profileByRunbook[runbook.id] ?? null;
  return runbook.profiles.find((profile) => profile.name === 'staging')?.name ?? null;
}

/** Params as a run of this runbook would resolve them now. */
export function currentParams(state: RunChoice, runbook: Runbook): ResolvedParams {
  return resolveParams(runbook, effectiveProfile(state, runbook), state.overridesByRunbook[runbook.id] ?? {});
}

/**
 * The confirmation a step needs now, by the one rule main enforces
 * (shared/runbook/confirmation.ts) with the params and profile a run would
 * use: the dialog asks exactly what main will check.
 */
export function stepConfirmation(state: RunChoice, runbook: Runbook, step: Step): Confirmation {
  const params = currentParams(state, runbook);
  return confirmationFor(step, { params: runbook.params, values: params.values, profile: effectiveProfile(state, runbook), production: params.production });
}
