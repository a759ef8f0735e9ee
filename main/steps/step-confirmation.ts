import { ContractFailure } from '../../shared/ipc/envelope';
import type { RunbookParam, Step } from '../../shared/model/runbook';
import { SECRET_MASK } from './step-script';

/** What a step needs from the responder before it may run. */
export type ConfirmationRequirement =
  | { kind: 'none' }
  /** An explicit yes: the request's `confirmation` must be "yes". */
  | { kind: 'click' }
  /**
   * A typed word. `word` is what to type; for a secret param it is masked
   * here and `param` says which param's value is meant.
   */
  | { kind: 'word'; word: string; param: string | null; secret: boolean };

/**
 * Works out the gate of a step (docs/runbook-format.md, `confirm`):
 * `true` asks for a yes; a word must be typed; `$NAME` means that param's
 * resolved value must be typed. A destructive step with only `confirm=true`
 * under a production profile must have the profile's name typed: a click is
 * too easy at 3 a.m. against production. Under a production profile every
 * step asks at least for a yes, here in main, so no client (a second tab, a
 * script with the token, Run all) can run against production unasked.
 */
export function confirmationFor(step: Step, context: { params: RunbookParam[]; values: Record<string, string>; profile: string | null; production: boolean }): ConfirmationRequirement & { expected?: string } {
  const confirm = step.confirm;
  if (typeof confirm === 'string') {
    if (confirm.startsWith('$')) {
      const name = confirm.replace(/^\$\{?/, '').replace(/\}$/, '');
      const value = context.values[name];
      if (value === undefined || value === '') {
        throw new ContractFailure('forbidden', `Step "${step.title}" asks you to type the value of ${name}, but ${name} has no value. Set it in the params form first.`);
      }
      const secret = context.params.find((param) => param.name === name)?.secret ?? false;
      return { kind: 'word', word: secret ? SECRET_MASK : value, param: name, secret, expected: value };
    }
    return { kind: 'word', word: confirm, param: null, secret: false, expected: confirm };
  }
  if (confirm === true) {
    if (step.destructive && context.production && context.profile) {
      return { kind: 'word', word: context.profile, param: null, secret: false, expected: context.profile };
    }
    return { kind: 'click' };
  }
  if (step.destructive) {
    // Lint makes this an error; should one get here anyway, a destructive step still asks.
    return { kind: 'click' };
  }
  if (context.production) return { kind: 'click' };
  return { kind: 'none' };
}

/** Refuses with 'forbidden' unless `given` satisfies the requirement. */
export function assertConfirmed(step: Step, requirement: ConfirmationRequirement & { expected?: string }, given: string | undefined): void {
  if (requirement.kind === 'none') return;
  if (requirement.kind === 'click') {
    if (given?.trim().toLowerCase() !== 'yes') {
      throw new ContractFailure('forbidden', `Step "${step.title}" must be confirmed before it runs (send confirmation "yes").`);
    }
    return;
  }
  if (given === undefined || given.trim() !== requirement.expected) {
    const what = requirement.param ? `the value of ${requirement.param}${requirement.secret ? '' : ` ("${requirement.word}")`}` : `"${requirement.word}"`;
    throw new ContractFailure('forbidden', `Step "${step.title}" runs only after you type ${what}${given === undefined ? '' : '; what was typed does not match'}.`);
  }
}
