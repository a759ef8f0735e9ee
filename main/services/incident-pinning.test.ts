import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { dataOf } from '../../shared/model/timeline';
import { contractCaller, createTestApp, disposeTestApps, TEST_CALL_CONTEXT } from '../testing/test-app';
import { waitFor } from '../testing/wait-for';

afterEach(disposeTestApps);

const RUNBOOK = `---
id: pin
title: Pinning
---

# Pinning

\`\`\`bash { id=slow }
while [ ! -e "$HOME/go" ]; do sleep 0.05; done; echo slow-done
\`\`\`
`;

describe('a run belongs to the incident it started in', () => {
  it('keeps step.started and step.finished together when a drill becomes active mid-run, and the drill gets its own shell', async () => {
    const app = createTestApp({ runbooks: { 'pin.md': RUNBOOK }, name: 'pinning' });
    const call = contractCaller(app.services);
    const incidents = app.services.incidents!;
    const real = incidents.declare({ title: 'Checkout 502s', kind: 'incident', severity: 'SEV2' });
    const session = await app.openSession();
    const { runId } = await call<{ runId: string }>('step:run', { runbookId: 'pin', stepId: 'slow', sessionId: session });
    await waitFor(() => app.services.terminals.get(session).busy, 'the step to start');

    // A drill starts while the step runs: it becomes the active incident.
    const drill = incidents.declare({ title: 'Game day', kind: 'drill' });
    expect(incidents.active().id).toBe(drill.id);
    fs.writeFileSync(`${app.home}/go`, '');
    const status = await app.services.steps.whenDone(runId);
    expect(status).toMatchObject({ state: 'passed', incidentId: real.id });

    const realKinds = app.services.recorder.list(real.id, 0, 1000).map((event) => event.kind);
    expect(realKinds).toEqual(expect.arrayContaining(['step.started', 'step.finished']));
    const drillKinds = app.services.recorder.list(drill.id, 0, 1000).map((event) => event.kind);
    expect(drillKinds).not.toContain('step.finished');
    expect(drillKinds).not.toContain('step.started');

    // The session keeps recording into its incident: a command typed now is the real incident's.
    app.services.terminals.write(session, 'echo typed-after-the-drill-started\r');
    await waitFor(() => app.services.recorder.list(real.id, 0, 1000).some((event) => event.kind === 'command.manual'), 'the typed command');
    expect(app.services.recorder.list(drill.id, 0, 1000).some((event) => event.kind === 'command.manual')).toBe(false);

    // A shell opened now belongs to the drill.
    const drillSession = await call<{ id: string; incidentId: string | null }>('terminal:open', { cols: 80, rows: 24 });
    expect(drillSession.incidentId).toBe(drill.id);
    expect(app.services.terminals.get(session).incidentId).toBe(real.id);
  });

  it('asks for nothing to be created when it only reads: the active incident is a query', () => {
    const app = createTestApp({ name: 'pinning-query' });
    expect(app.services.recorder.activeIncidentId()).toBeUndefined();
    expect(app.services.incidents!.list('all')).toEqual([]);
    // Acting creates the practice session the action records into.
    const incident = app.services.recorder.incidentForAction();
    expect(incident.kind).toBe('practice');
    expect(app.services.recorder.activeIncidentId()).toBe(incident.id);
    expect(dataOf(app.services.recorder.record(incident.id, 'note', { noteId: 'n', text: 'x' }), 'note').text).toBe('x');
  });
});

describe('a resolved incident', () => {
  it('refuses a step run into it unless the responder chose to record into it anyway', async () => {
    const app = createTestApp({ runbooks: { 'pin.md': RUNBOOK.replace('while [ ! -e "$HOME/go" ]; do sleep 0.05; done; ', '') }, name: 'resolved' });
    const call = contractCaller(app.services);
    const incidents = app.services.incidents!;
    const incident = incidents.declare({ title: 'Over', kind: 'incident' });
    incidents.setStatus(incident.id, 'resolved');
    const session = await app.openSession();
    const refused = await app.services.router.dispatch('step:run', { runbookId: 'pin', stepId: 'slow', sessionId: session }, TEST_CALL_CONTEXT);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', details: ['incident-resolved'] } });
    expect(app.services.recorder.list(incident.id, 0, 1000).some((event) => event.kind === 'step.started')).toBe(false);
    const { runId } = await call<{ runId: string }>('step:run', { runbookId: 'pin', stepId: 'slow', sessionId: session, afterResolved: true });
    expect(await app.services.steps.whenDone(runId)).toMatchObject({ state: 'passed', incidentId: incident.id });
  });
});
