import { describe, expect, it } from 'vitest';
import type { RunbookParam, Step } from '../model/runbook';
import { confirmationFor, confirmationRefusal, confirmParamReference, SECRET_MASK } from './confirmation';

function step(fields: Partial<Step>): Step {
  return { id: 'look', title: 'Look around', code: 'ls', destructive: false, confirm: false, ...fields } as Step;
}
const ENV: RunbookParam[] = [{ name: 'ENV', secret: false } as RunbookParam, { name: 'TOKEN', secret: true } as RunbookParam];
const outside = { params: ENV, values: { ENV: 'staging' }, profile: 'staging', production: false };

describe('confirmationFor, the one rule', () => {
  it('asks nothing of a plain step outside production, and a yes of any step under production', () => {
    expect(confirmationFor(step({}), outside)).toEqual({ requirement: { kind: 'none' }, expected: null });
    expect(confirmationFor(step({}), { ...outside, profile: 'production', production: true })).toEqual({ requirement: { kind: 'click' }, expected: 'yes' });
  });

  it('a destructive confirm=true step under a production profile needs the profile name typed', () => {
    const rule = confirmationFor(step({ confirm: true, destructive: true }), { ...outside, profile: 'production', production: true });
    expect(rule).toEqual({ requirement: { kind: 'word', word: 'production', param: null, secret: false }, expected: 'production' });
    expect(confirmationRefusal(step({}), rule, 'yes')).toMatch(/type "production"/);
    expect(confirmationRefusal(step({}), rule, 'production')).toBeNull();
  });

  it('confirm=${ENV} (braces) is the same as confirm=$ENV: type the value', () => {
    for (const confirm of ['${ENV}', '$ENV']) {
      expect(confirmationFor(step({ confirm }), outside)).toEqual({ requirement: { kind: 'word', word: 'staging', param: 'ENV', secret: false }, expected: 'staging' });
    }
  });

  it('confirm=$ENV with ENV empty is blocked with the reason, and refuses every answer', () => {
    const rule = confirmationFor(step({ confirm: '$ENV' }), { ...outside, values: { ENV: '' } });
    expect(rule.requirement).toEqual({ kind: 'blocked', param: 'ENV', reason: expect.stringMatching(/ENV has no value/) });
    expect(confirmationRefusal(step({}), rule, 'yes')).toMatch(/ENV has no value/);
    expect(confirmationRefusal(step({}), rule, '')).toMatch(/ENV has no value/);
  });

  it('a blank value (only spaces) is blocked as blank; the reason names the param and leaves the remedy to each front end', () => {
    const rule = confirmationFor(step({ confirm: '$ENV' }), { ...outside, values: { ENV: '  ' } });
    expect(rule.requirement).toEqual({ kind: 'blocked', param: 'ENV', reason: expect.stringMatching(/ENV is blank/) });
    const empty = confirmationFor(step({ confirm: '$ENV' }), { ...outside, values: { ENV: '' } });
    expect(empty.requirement.kind === 'blocked' && empty.requirement.reason).not.toMatch(/params form|--param/);
  });

  it('masks a secret word but expects its value', () => {
    const rule = confirmationFor(step({ confirm: '$TOKEN' }), { ...outside, values: { TOKEN: 's3cret' } });
    expect(rule).toEqual({ requirement: { kind: 'word', word: SECRET_MASK, param: 'TOKEN', secret: true }, expected: 's3cret' });
    expect(confirmationRefusal(step({}), rule, SECRET_MASK)).not.toBeNull();
  });

  it('parses $NAME and ${NAME} one way for main, the app and lint', () => {
    expect(confirmParamReference('$ENV')).toEqual({ name: 'ENV' });
    expect(confirmParamReference('${ENV}')).toEqual({ name: 'ENV' });
    expect(confirmParamReference('${ENV')).toEqual({ name: null });
    expect(confirmParamReference('$1x')).toEqual({ name: null });
    expect(confirmParamReference('restart')).toBeNull();
  });
});
