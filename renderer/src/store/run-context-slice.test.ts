import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { Runbook } from '../../../shared/model/runbook';
import { createRunContextSlice, currentParams, effectiveProfile, type RunContextSlice } from './run-context-slice';

const runbook = {
  id: 'db',
  params: [{ name: 'TARGET', description: '', default: 'prod-db', required: false, secret: false, line: 3 }],
  profiles: [
    { name: 'staging', description: '', production: false, values: { TARGET: 'staging-db' }, line: 5 },
    { name: 'drill', description: '', production: false, values: { TARGET: '127.0.0.1' }, line: 6 },
  ],
} as unknown as Runbook;

type Incident = { id: string; kind: 'incident' | 'drill' | 'practice' };

function store() {
  return create<RunContextSlice & { incident: Incident | null }>()((set, get, api) => ({
    incident: null,
    ...createRunContextSlice(set as never, get as never, api as never),
  }));
}

describe('run choices belong to the incident on screen', () => {
  it('a drill starts from its own drill profile, not the values typed in the real incident, and ending it leaves the incident as it was', () => {
    const state = store();
    state.setState({ incident: { id: 'real', kind: 'incident' } });
    state.getState().chooseProfile('db', null);
    state.getState().setParam('db', 'TARGET', '/srv/responder/own/path');
    expect(currentParams(state.getState() as never, runbook).values.TARGET).toBe('/srv/responder/own/path');

    state.setState({ incident: { id: 'game-day', kind: 'drill' } });
    expect(effectiveProfile(state.getState() as never, runbook)).toBe('drill');
    expect(currentParams(state.getState() as never, runbook).values.TARGET).toBe('127.0.0.1');

    state.setState({ incident: { id: 'real', kind: 'incident' } });
    expect(effectiveProfile(state.getState() as never, runbook)).toBeNull();
    expect(currentParams(state.getState() as never, runbook).values.TARGET).toBe('/srv/responder/own/path');
  });
});

describe('what a link could not fill holds the run back until answered', () => {
  const withSecret = {
    ...runbook,
    params: [...runbook.params, { name: 'TOKEN', description: '', required: false, secret: true, line: 4 }],
  } as unknown as Runbook;

  it('a refused secret is answered by typing it, an unknown param by dismissing it; each belongs to its incident', () => {
    const state = store();
    state.setState({ incident: { id: 'real', kind: 'incident' } });
    state.getState().setFormProblems('db', { origin: 'link', unknown: { NOPE: '?NOPE=… — this runbook has no parameter NOPE.' }, refused: { TOKEN: 'TOKEN is secret, and secrets cannot come from a link.' }, filled: {} });
    const before = currentParams(state.getState() as never, withSecret);
    expect(Object.keys(before.errors).sort()).toEqual(['NOPE', 'TOKEN']);
    expect(before.rows).toEqual([{ key: 'NOPE', message: '?NOPE=… — this runbook has no parameter NOPE.' }]);

    state.setState({ incident: { id: 'game-day', kind: 'drill' } });
    expect(currentParams(state.getState() as never, withSecret).errors).toEqual({});
    state.setState({ incident: { id: 'real', kind: 'incident' } });

    state.getState().setParam('db', 'TOKEN', 'typed by the responder');
    state.getState().dismissFormProblem('db', 'NOPE');
    expect(currentParams(state.getState() as never, withSecret).errors).toEqual({});
    expect(state.getState().formProblemsByRunbook).toEqual({});
  });
});
