import { describe, expect, it } from 'vitest';
import type { RunbookParam, Step } from '../../shared/model/runbook';
import { assertConfirmed, confirmationFor } from './step-confirmation';

function step(fields: Partial<Step>): Step {
  return { id: 'look', title: 'Look around', code: 'ls', destructive: false, confirm: false, ...fields } as Step;
}

const params: RunbookParam[] = [];

describe('confirmationFor', () => {
  it('asks nothing for a plain step outside production', () => {
    expect(confirmationFor(step({}), { params, values: {}, profile: 'staging', production: false })).toEqual({ kind: 'none' });
  });

  it('always asks under a production profile, whatever the client: a plain step needs an explicit yes', () => {
    const requirement = confirmationFor(step({}), { params, values: {}, profile: 'production', production: true });
    expect(requirement).toEqual({ kind: 'click' });
    expect(() => assertConfirmed(step({}), requirement, undefined)).toThrow(/must be confirmed/);
    expect(() => assertConfirmed(step({}), requirement, 'yes')).not.toThrow();
  });

  it('keeps the stronger gates under production: a typed word stays a typed word', () => {
    expect(confirmationFor(step({ confirm: 'restart' }), { params, values: {}, profile: 'production', production: true })).toMatchObject({ kind: 'word', word: 'restart' });
    expect(confirmationFor(step({ confirm: true, destructive: true }), { params, values: {}, profile: 'prod', production: true })).toMatchObject({ kind: 'word', word: 'prod' });
  });
});
