import type { RunbookParam, RunbookProfile } from '../model/runbook';
import { resolveParams, type ResolvedParams } from '../runbook/params';

/**
 * What a link (or an alert) asked of the params form that the form's own
 * validation cannot show: params the runbook does not have, and declared
 * params it named but did not fill (a secret in a URL, a label value the
 * param's rules refuse). Kept beside the typed values so each shows where
 * the responder fills the form, not in a notice that fades away.
 */
export interface FormProblems {
  /** Where the values came from, in words ("link", "alert"). */
  origin: string;
  /** Name the runbook has no param for → message. Shown as its own row until dismissed. */
  unknown: Record<string, string>;
  /** Declared param the opener named but did not fill → message on its field, until the responder types it or dismisses it. */
  refused: Record<string, string>;
  /** The values the opener filled, to say where a bad value came from while the field still holds it. */
  filled: Record<string, string>;
  /** The profile the opener named and the runbook lacks. Shown as a row until dismissed. */
  profileError?: string;
}

/** A link as the params form receives it (shared/ipc/channels/alert-channels.ts OpenedLink). */
export interface OpenedValues {
  profile: string | null;
  values: Record<string, string>;
  errors: Record<string, string>;
  profileError?: string;
  origin: string;
}

/** Where the form's problems are shown: a field, or a row of its own (the key names it: a param or "profile"). */
export interface FormRow {
  key: string;
  message: string;
}

/** The key of the profile's row in {@link FormProblems} (param names are UPPER_SNAKE, so it cannot clash). */
export const PROFILE_ROW = 'profile';

/**
 * Sorts what an opener handed over: the values worth filling as typed
 * overrides, and the problems the form must show. A value that equals what
 * the form would show anyway (a default, the value of the profile the form
 * will use) is not filled, so switching profile afterwards still changes it.
 */
export function readOpenedValues(
  runbook: { params: RunbookParam[]; profiles: RunbookProfile[] },
  opened: OpenedValues,
  /** The profile the form shows when the opener names none (or one the runbook lacks). */
  formProfile: string | null = null,
): { profile: string | null; fill: Record<string, string>; problems: FormProblems } {
  const profile = opened.profile && !opened.profileError ? opened.profile : null;
  const baseline = resolveParams(runbook, profile ?? formProfile).values;
  const byName = new Map(runbook.params.map((param) => [param.name, param]));
  const fill: Record<string, string> = {};
  for (const [name, value] of Object.entries(opened.values)) {
    const param = byName.get(name);
    // Never a secret, whatever the opener sent: secrets are typed by the responder.
    if (!param || param.secret) continue;
    if (value !== baseline[name]) fill[name] = value;
  }
  const unknown: Record<string, string> = {};
  const refused: Record<string, string> = {};
  for (const [name, problem] of Object.entries(opened.errors)) {
    const param = byName.get(name);
    if (!param) unknown[name] = problem;
    // A filled value's problem is the form's own validation, which follows the value as it is edited.
    else if (param.secret || !Object.prototype.hasOwnProperty.call(opened.values, name)) refused[name] = problem;
  }
  return {
    profile,
    fill,
    problems: { origin: opened.origin, unknown, refused, filled: fill, ...(opened.profileError ? { profileError: opened.profileError } : {}) },
  };
}

/**
 * The form's params with the opener's problems added: refused fields and
 * unknown params are errors like an invalid typed value, so every Run
 * button that refuses to run with errors refuses these too — a link with a
 * misspelt PGHSOT must not run against the default host unnoticed. A bad
 * value the opener filled says where it came from while it is unchanged.
 */
export function withFormProblems(resolved: ResolvedParams, problems: FormProblems | undefined, overrides: Record<string, string>): ResolvedParams & { rows: FormRow[] } {
  if (!problems) return { ...resolved, rows: [] };
  const errors = { ...resolved.errors };
  for (const [name, problem] of Object.entries(errors)) {
    if (Object.prototype.hasOwnProperty.call(problems.filled, name) && overrides[name] === problems.filled[name]) {
      errors[name] = `${problem} The value came from the ${problems.origin}.`;
    }
  }
  // Until typed, the refusal is the reason the field is empty, which says more than "is required".
  for (const [name, problem] of Object.entries(problems.refused)) errors[name] = problem;
  const rows: FormRow[] = [];
  if (problems.profileError) rows.push({ key: PROFILE_ROW, message: problems.profileError });
  for (const [name, problem] of Object.entries(problems.unknown)) {
    rows.push({ key: name, message: problem });
    errors[name] = problem;
  }
  const profileError = resolved.profileError ?? problems.profileError;
  return { ...resolved, errors, rows, ...(profileError ? { profileError } : {}) };
}

/** The responder dismissed a row or a refused field's error: run without it. */
export function dismissFormProblem(problems: FormProblems, key: string): FormProblems {
  const { [key]: _unknown, ...unknown } = problems.unknown;
  const { [key]: _refused, ...refused } = problems.refused;
  const { profileError, ...rest } = problems;
  return { ...rest, unknown, refused, ...(profileError && key !== PROFILE_ROW ? { profileError } : {}) };
}

/** The responder typed into a field: the opener's refusal of it is answered (the form validates what was typed). */
export function typedIntoField(problems: FormProblems, name: string): FormProblems {
  if (!Object.prototype.hasOwnProperty.call(problems.refused, name)) return problems;
  const { [name]: _answered, ...refused } = problems.refused;
  return { ...problems, refused };
}

/** Whether anything is left to show. */
export function hasFormProblems(problems: FormProblems): boolean {
  return Boolean(problems.profileError) || Object.keys(problems.unknown).length > 0 || Object.keys(problems.refused).length > 0;
}
