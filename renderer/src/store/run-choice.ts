/**
 * What a run of a runbook would use, worked out from the responder's choices
 * alone (pure: no store, no DOM), so the dialogs and the tests share it.
 * Choices are kept per incident: a drill starts from the runbook's drill
 * profile, not from the values typed during the real incident, and ending it
 * leaves the incident's choices as they were.
 */
import { withFormProblems, type FormProblems, type FormRow } from '../../../shared/alerts/link-form';
import type { Runbook, Step } from '../../../shared/model/runbook';
import { confirmationFor, type Confirmation } from '../../../shared/runbook/confirmation';
import { resolveParams, type ResolvedParams } from '../../../shared/runbook/params';

/** The responder's choices for runs (kept by the run-context slice), and the incident on screen they belong to. */
export interface RunChoice {
  /** {@link runContextKey} (incident and runbook) → chosen profile name (null: defaults only). */
  profileByRunbook: Record<string, string | null>;
  /** {@link runContextKey} → param name → typed value. */
  overridesByRunbook: Record<string, Record<string, string>>;
  /** {@link runContextKey} → what the link or alert that opened the runbook asked and the form could not fill. */
  formProblemsByRunbook: Record<string, FormProblems>;
  incident: { id: string; kind: 'incident' | 'drill' | 'practice' } | null;
}

/** The key of a runbook's run choices in one incident. */
export function runContextKey(state: Pick<RunChoice, 'incident'>, runbookId: string): string {
  return `${state.incident?.id ?? ''}\u0000${runbookId}`;
}

/**
 * The profile a runbook starts with: the one the user chose in this
 * incident, else in a drill the runbook's `drill` profile (it points at the
 * lab), else `staging` when it exists (never production by default), else none.
 */
export function effectiveProfile(state: Pick<RunChoice, 'profileByRunbook' | 'incident'>, runbook: Runbook): string | null {
  const key = runContextKey(state, runbook.id);
  if (Object.prototype.hasOwnProperty.call(state.profileByRunbook, key)) return state.profileByRunbook[key] ?? null;
  if (state.incident?.kind === 'drill' && runbook.profiles.some((profile) => profile.name === 'drill')) return 'drill';
  return runbook.profiles.find((profile) => profile.name === 'staging')?.name ?? null;
}

/** The values typed over the profile for this runbook in the incident on screen. */
export function paramOverrides(state: Pick<RunChoice, 'overridesByRunbook' | 'incident'>, runbookId: string): Record<string, string> {
  return state.overridesByRunbook[runContextKey(state, runbookId)] ?? {};
}

/**
 * Params as a run of this runbook would resolve them now, with what a link
 * or alert asked and the form could not fill counted as errors: every Run
 * button that waits for the errors to be fixed waits for these too.
 */
export function currentParams(state: RunChoice, runbook: Runbook): ResolvedParams & { rows: FormRow[] } {
  const overrides = paramOverrides(state, runbook.id);
  return withFormProblems(resolveParams(runbook, effectiveProfile(state, runbook), overrides), state.formProblemsByRunbook[runContextKey(state, runbook.id)], overrides);
}

/**
 * The confirmation a step needs now, by the one rule main enforces
 * (shared/runbook/confirmation.ts) with the params and profile a run would
 * use: the dialog asks exactly what main will check.
 */
export function stepConfirmation(state: Omit<RunChoice, 'formProblemsByRunbook'>, runbook: Runbook, step: Step): Confirmation {
  // The values and the profile, as main resolves them: a link's form problems hold the run back elsewhere (requestRun).
  const params = resolveParams(runbook, effectiveProfile(state, runbook), paramOverrides(state, runbook.id));
  return confirmationFor(step, { params: runbook.params, values: params.values, profile: effectiveProfile(state, runbook), production: params.production });
}
