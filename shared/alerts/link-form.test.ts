import { describe, expect, it } from 'vitest';
import type { RunbookParam, RunbookProfile } from '../model/runbook';
import { resolveParams } from '../runbook/params';
import { dismissFormProblem, hasFormProblems, PROFILE_ROW, readOpenedValues, typedIntoField, withFormProblems } from './link-form';
import { parseRunbookLink, resolveRunbookLink } from './runbook-link';

const param = (name: string, fields: Partial<RunbookParam> = {}): RunbookParam => ({ name, description: '', required: false, secret: false, line: 1, ...fields });

const runbook: { params: RunbookParam[]; profiles: RunbookProfile[] } = {
  params: [
    param('PGHOST', { required: true, pattern: '[A-Za-z0-9.:-]+' }),
    param('PGPORT', { default: '5432', pattern: '[0-9]{1,5}' }),
    param('PGPASSWORD', { secret: true }),
    param('FENCE_METHOD', { choices: ['ssh', 'local', 'manual'] }),
  ],
  profiles: [{ name: 'staging', description: '', production: false, values: { PGHOST: 'staging-db', PGPORT: '6432' }, line: 2 }],
};

/** What the form shows after a link is opened and nothing else is touched. */
function openLink(url: string) {
  const link = parseRunbookLink(url);
  const opened = { profile: link.profile, ...resolveRunbookLink(runbook, link), origin: 'link' };
  const read = readOpenedValues(runbook, opened);
  return { read, form: withFormProblems(resolveParams(runbook, read.profile, read.fill), read.problems, read.fill) };
}

describe('a link in the params form', () => {
  it('shows an unknown param as a row of its own naming it, without repeating its value', () => {
    const { form } = openLink('firebreak://runbook/db?PGHOST=db-1&PGHSOT=db-2');
    expect(form.rows).toEqual([{ key: 'PGHSOT', message: '?PGHSOT=… — this runbook has no parameter PGHSOT. Did you mean "PGHOST"?' }]);
    expect(JSON.stringify(form.rows)).not.toContain('db-2');
    // It counts as an error: a misspelt param must not let the run go to another host unnoticed.
    expect(form.errors.PGHSOT).toMatch(/no parameter PGHSOT/);
  });

  it('fills an invalid value and flags it on its field, saying it came from the link', () => {
    const { read, form } = openLink('firebreak://runbook/db?PGHOST=db-1&PGPORT=54x2&FENCE_METHOD=teleport');
    expect(read.fill).toEqual({ PGHOST: 'db-1', PGPORT: '54x2', FENCE_METHOD: 'teleport' });
    expect(form.values.PGPORT).toBe('54x2');
    expect(form.errors.PGPORT).toBe('PGPORT does not match the pattern [0-9]{1,5}. The value came from the link.');
    expect(form.errors.FENCE_METHOD).toBe('FENCE_METHOD must be one of: ssh, local, manual. The value came from the link.');
    expect(form.rows).toEqual([]);
    // Typed over, the form's own validation speaks alone.
    const typed = { ...read.fill, PGPORT: '5x' };
    expect(withFormProblems(resolveParams(runbook, null, typed), read.problems, typed).errors.PGPORT).toBe('PGPORT does not match the pattern [0-9]{1,5}.');
  });

  it('never fills a secret: its field says secrets cannot come from a link until the responder types it', () => {
    const { read, form } = openLink('firebreak://runbook/db?PGHOST=db-1&PGPASSWORD=hunter2');
    expect(read.fill).not.toHaveProperty('PGPASSWORD');
    expect(form.values.PGPASSWORD).toBe('');
    expect(form.errors.PGPASSWORD).toMatch(/secrets cannot come from a link/);
    expect(JSON.stringify(form)).not.toContain('hunter2');
    const answered = typedIntoField(read.problems, 'PGPASSWORD');
    const typed = { ...read.fill, PGPASSWORD: 'typed' };
    expect(withFormProblems(resolveParams(runbook, null, typed), answered, typed).errors).toEqual({});
    expect(hasFormProblems(answered)).toBe(false);
  });

  it('fills only what differs from the profile and defaults, so switching profile still changes the rest', () => {
    const { read } = openLink('firebreak://runbook/db?PGHOST=staging-db&PGPORT=6432&profile=staging');
    expect(read.profile).toBe('staging');
    expect(read.fill).toEqual({});
    // With no profile in the link, the form's own profile is the baseline: a value equal to the default still beats staging's.
    const bare = { profile: null, values: { PGPORT: '5432' }, errors: {}, origin: 'alert' };
    expect(readOpenedValues(runbook, bare, 'staging').fill).toEqual({ PGPORT: '5432' });
    expect(readOpenedValues(runbook, bare, null).fill).toEqual({});
  });

  it('an unknown profile is a row; dismissing each row leaves nothing in the way', () => {
    const { read, form } = openLink('firebreak://runbook/db?PGHOST=db-1&NOPE=1&profile=moon');
    expect(read.profile).toBeNull();
    expect(form.rows.map((row) => row.key)).toEqual([PROFILE_ROW, 'NOPE']);
    expect(form.profileError).toMatch(/no profile "moon"/);
    const left = dismissFormProblem(dismissFormProblem(read.problems, 'NOPE'), PROFILE_ROW);
    expect(hasFormProblems(left)).toBe(false);
    const after = withFormProblems(resolveParams(runbook, null, read.fill), left, read.fill);
    expect(after.rows).toEqual([]);
    expect(after.errors).toEqual({});
    expect(after.profileError).toBeUndefined();
  });

  it('an alert label value the rules refuse is not filled; its field says why', () => {
    const read = readOpenedValues(runbook, { profile: null, values: {}, errors: { PGHOST: 'The label instance ("a b") does not match PGHOST\'s pattern.' }, origin: 'alert' });
    const form = withFormProblems(resolveParams(runbook, null, read.fill), read.problems, read.fill);
    expect(form.values.PGHOST).toBe('');
    // The refusal says more than "PGHOST is required".
    expect(form.errors.PGHOST).toMatch(/label instance/);
  });
});
