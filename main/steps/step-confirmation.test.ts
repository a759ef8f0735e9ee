import { describe, expect, it } from 'vitest';
import { Refused } from '../../shared/model/domain-errors';
import type { RunbookParam, Step } from '../../shared/model/runbook';
import { assertConfirmed, confirmationFor } from './step-confirmation';

function step(fields: Partial<Step>): Step {
  return { id: 'look', title: 'Look around', code: 'ls', destructive: false, confirm: false, ...fields } as Step;
}

const params: RunbookParam[] = [{ name: 'TARGET_ENV', secret: false } as RunbookParam];

describe('assertConfirmed: main refuses by the shared rule', () => {
  it('under a production profile a plain step needs an explicit yes', () => {
    const rule = confirmationFor(step({}), { params, values: {}, profile: 'production', production: true });
    expect(rule.requirement).toEqual({ kind: 'click' });
    expect(() => assertConfirmed(step({}), rule, undefined)).toThrow(/must be confirmed/);
    expect(() => assertConfirmed(step({}), rule, 'yes')).not.toThrow();
  });

  it('keeps the stronger gates under production: a typed word stays a typed word', () => {
    expect(confirmationFor(step({ confirm: 'restart' }), { params, values: {}, profile: 'production', production: true }).requirement).toMatchObject({ kind: 'word', word: 'restart' });
    expect(confirmationFor(step({ confirm: true, destructive: true }), { params, values: {}, profile: 'prod', production: true }).requirement).toMatchObject({ kind: 'word', word: 'prod' });
  });

  it('a blocked step is refused as forbidden, with the reason', () => {
    const rule = confirmationFor(step({ confirm: '$TARGET_ENV' }), { params, values: { TARGET_ENV: '' }, profile: null, production: false });
    expect(() => assertConfirmed(step({}), rule, 'yes')).toThrow(Refused);
    expect(() => assertConfirmed(step({}), rule, 'yes')).toThrow(/TARGET_ENV has no value/);
  });
});
