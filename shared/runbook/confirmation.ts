import type { RunbookParam, Step } from '../model/runbook';

/** How a secret value is shown wherever it is displayed. */
export const SECRET_MASK = '••••••';

/**
 * What a step needs from the responder before it may run. The same kinds
 * everywhere: main, the app, the CLI, drills and the IPC contract.
 */
export type ConfirmationRequirement =
  | { kind: 'none' }
  /** An explicit yes: the answer must be "yes". */
  | { kind: 'click' }
  /**
   * A typed word. `word` is what to type; for a secret param it is masked
   * and `param` says which param's value is meant.
   */
  | { kind: 'word'; word: string; param: string | null; secret: boolean }
  /**
   * The step cannot be confirmed as things stand (e.g. `confirm=$ENV` with ENV
   * empty); `reason` says why, in words. `param` names the param to set, when
   * that is the remedy: each front end says how to set it (the app's params
   * form, the CLI's --param), so the reason itself names no front end.
   */
  | { kind: 'blocked'; param: string | null; reason: string };

export type ConfirmationKind = ConfirmationRequirement['kind'];

/** The rule's answer for one step: what to show, and the exact answer that satisfies it (never shown for a secret). */
export interface Confirmation {
  requirement: ConfirmationRequirement;
  /** The answer that satisfies the requirement: "yes" for a click, the word for a typed one, null when nothing can (none asks nothing; blocked accepts nothing). */
  expected: string | null;
}

export interface ConfirmationContext {
  params: readonly RunbookParam[];
  values: Readonly<Record<string, string>>;
  /** The chosen profile's name, if any. */
  profile: string | null;
  /** Whether the chosen profile is a production profile. */
  production: boolean;
}

/** The answer a click sends. */
export const CLICK_ANSWER = 'yes';

/**
 * The param a `confirm=$NAME` or `confirm=${NAME}` names; null when `confirm`
 * does not start with `$` and so is a literal word. `name` is null when the
 * reference is malformed (`confirm=$1x`, `confirm=${A`).
 */
export function confirmParamReference(confirm: string): { name: string | null } | null {
  if (!confirm.startsWith('$')) return null;
  const name = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(confirm);
  return { name: name ? (name[1] ?? name[2])! : null };
}

/**
 * The one confirmation rule (docs/runbook-format.md, `confirm`): `true` asks
 * for a yes; a word must be typed; `$NAME` or `${NAME}` means that param's
 * resolved value must be typed. A destructive step with only `confirm=true`
 * under a production profile must have the profile's name typed: a click is
 * too easy at 3 a.m. against production. Under a production profile every
 * step asks at least for a yes, so no client can run against production
 * unasked. Pure: it never throws; a step that cannot be confirmed is
 * `blocked`, with the reason.
 */
export function confirmationFor(step: Pick<Step, 'title' | 'confirm' | 'destructive'>, context: ConfirmationContext): Confirmation {
  const confirm = step.confirm;
  if (typeof confirm === 'string') {
    const reference = confirmParamReference(confirm);
    if (reference) {
      const name = reference.name;
      if (name === null) {
        return blocked(null, `Step "${step.title}" has confirm=${confirm}, which names no param (write confirm=$NAME or confirm=\${NAME}).`);
      }
      const param = context.params.find((candidate) => candidate.name === name);
      const value = context.values[name];
      // The reason states the fact; `param` lets each front end word the remedy (the app's params form, the CLI's --param).
      if (value === undefined || value === '') {
        return blocked(name, `Step "${step.title}" asks you to type the value of ${name}, but ${name} has no value.`);
      }
      if (value.trim() === '') {
        return blocked(name, `Step "${step.title}" asks you to type the value of ${name}, but ${name} is blank (only spaces), which nobody can confirm by typing.`);
      }
      const secret = param?.secret ?? false;
      return { requirement: { kind: 'word', word: secret ? SECRET_MASK : value, param: name, secret }, expected: value };
    }
    return { requirement: { kind: 'word', word: confirm, param: null, secret: false }, expected: confirm };
  }
  if (confirm === true && step.destructive && context.production && context.profile) {
    return { requirement: { kind: 'word', word: context.profile, param: null, secret: false }, expected: context.profile };
  }
  // confirm=false on a destructive step is a lint error; should one get here anyway, it still asks.
  if (confirm === true || step.destructive || context.production) return { requirement: { kind: 'click' }, expected: CLICK_ANSWER };
  return { requirement: { kind: 'none' }, expected: null };
}

/** Why `given` does not satisfy the rule, in words; null when it does. */
export function confirmationRefusal(step: Pick<Step, 'title'>, confirmation: Confirmation, given: string | undefined): string | null {
  const { requirement, expected } = confirmation;
  switch (requirement.kind) {
    case 'none':
      return null;
    case 'blocked':
      return requirement.reason;
    case 'click':
      return given?.trim().toLowerCase() === CLICK_ANSWER ? null : `Step "${step.title}" must be confirmed before it runs (send confirmation "${CLICK_ANSWER}").`;
    case 'word': {
      if (given !== undefined && given.trim() === expected) return null;
      const what = requirement.param ? `the value of ${requirement.param}${requirement.secret ? '' : ` ("${requirement.word}")`}` : `"${requirement.word}"`;
      return `Step "${step.title}" runs only after you type ${what}${given === undefined ? '' : '; what was typed does not match'}.`;
    }
  }
}

/** The requirement as shown to a client: the unmasked answer never leaves with it. */
export function publicRequirement(requirement: ConfirmationRequirement): ConfirmationRequirement {
  switch (requirement.kind) {
    case 'word':
      return { kind: 'word', word: requirement.word, param: requirement.param, secret: requirement.secret };
    case 'blocked':
      return { kind: 'blocked', param: requirement.param, reason: requirement.reason };
    default:
      return { kind: requirement.kind };
  }
}

function blocked(param: string | null, reason: string): Confirmation {
  return { requirement: { kind: 'blocked', param, reason }, expected: null };
}
