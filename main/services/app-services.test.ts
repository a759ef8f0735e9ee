import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, disposeTestApps, TEST_CALL_CONTEXT } from '../testing/test-app';
import { waitFor } from '../testing/wait-for';

const context = TEST_CALL_CONTEXT;
const DEMO =
  '---\nid: demo\ntitle: Demo\n---\n# Demo\n\n```bash { id=marker }\necho "marker-$((40+2))"\n```\n\n```bash { id=slow }\necho slow-started; sleep 30\n```\n';

function setup(options: { dataDir?: string } = {}) {
  return createTestApp({ runbooks: { 'demo.md': DEMO }, ...options });
}

afterEach(disposeTestApps);

describe('AppServices through the contract', () => {
  it('runs a step in a real shell, commits the event to SQLite before announcing it', async () => {
    const { services, root, screen: output, openSession } = setup();
    const dispatch = (channel: string, payload: unknown) => services.router.dispatch(channel, payload, context);
    const sessionId = await openSession();

    // Every announced event must already be readable from the file by another connection.
    const announced: { seq: number; inFile: boolean }[] = [];
    services.hub.subscribe((channel, payload) => {
      if (channel !== 'timeline:appended') return;
      const seq = (payload as { seq: number }).seq;
      const db = new Database(path.join(root, 'data', 'firebreak.sqlite3'), { readonly: true });
      announced.push({ seq, inFile: db.prepare('SELECT 1 FROM events WHERE seq = ?').get(seq) !== undefined });
      db.close();
    });
    const run = await dispatch('step:run', { runbookId: 'demo', stepId: 'marker', sessionId });
    expect(run.ok).toBe(true);
    await waitFor(() => output().includes('marker-42'), 'the step output');
    expect(announced.length).toBeGreaterThan(0);
    expect(announced.every((event) => event.inFile)).toBe(true);

    const incident = await dispatch('incident:current', {});
    if (!incident.ok) throw new Error(incident.error.message);
    const timeline = await dispatch('timeline:list', { incidentId: (incident.value as { id: string }).id });
    expect(timeline.ok).toBe(true);
    const events = timeline.ok ? (timeline.value as { kind: string; data: Record<string, unknown> }[]) : [];
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'step.started', data: expect.objectContaining({ stepId: 'marker', command: 'echo "marker-$((40+2))"' }) }),
    );
  });

  it('shutdown() records the running step as cancelled and the session as ended before closing the database', async () => {
    const { services, root, screen: output, openSession } = setup();
    const dispatch = (channel: string, payload: unknown) => services.router.dispatch(channel, payload, context);
    const sessionId = await openSession();
    const run = await dispatch('step:run', { runbookId: 'demo', stepId: 'slow', sessionId });
    if (!run.ok) throw new Error(run.error.message);
    await waitFor(() => output().includes('slow-started'), 'the slow step');

    await services.shutdown();

    const db = new Database(path.join(root, 'data', 'firebreak.sqlite3'), { readonly: true });
    const rows = db.prepare('SELECT kind, data FROM events ORDER BY seq').all() as { kind: string; data: string }[];
    db.close();
    const events = rows.map((row) => ({ kind: row.kind, data: JSON.parse(row.data) as Record<string, unknown> }));
    expect(events).toContainEqual({ kind: 'step.cancelled', data: expect.objectContaining({ stepId: 'slow', reason: 'app quit' }) });
    expect(events).toContainEqual({ kind: 'step.finished', data: expect.objectContaining({ stepId: 'slow', status: 'cancelled' }) });
    expect(events).toContainEqual({ kind: 'session.ended', data: expect.objectContaining({ sessionId }) });
    const kinds = events.map((event) => event.kind);
    expect(kinds.lastIndexOf('step.finished')).toBeLessThan(kinds.lastIndexOf('session.ended'));
  });

  it('keeps running when the database cannot be opened, says why, and refuses unrecorded steps', async () => {
    const blocker = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-blocked-'));
    const notADir = path.join(blocker, 'file');
    fs.writeFileSync(notADir, 'in the way');
    const { services, logs } = setup({ dataDir: notADir });
    const info = await services.router.dispatch('app:info', {}, context);
    expect(info.ok && (info.value as { warnings: string[] }).warnings[0]).toContain('The timeline database could not be opened');
    expect(logs.join()).toContain('could not be opened');
    expect(await services.router.dispatch('runbooks:list', {}, context)).toMatchObject({ ok: true });
    const opened = await services.router.dispatch('terminal:open', { cols: 80, rows: 24 }, context);
    expect(opened.ok).toBe(true);
    const sessionId = opened.ok ? (opened.value as { id: string }).id : '';
    const run = await services.router.dispatch('step:run', { runbookId: 'demo', stepId: 'marker', sessionId }, context);
    expect(run).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(run.ok ? '' : run.error.message).toContain('Steps are not run while they cannot be recorded');
  });

  it('names an unknown step and a missing session', async () => {
    const { services } = setup();
    const noStep = await services.router.dispatch('step:run', { runbookId: 'demo', stepId: 'nope', sessionId: 'x' }, context);
    expect(noStep).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Runbook "Demo" has no step "nope".' } });
    const noSession = await services.router.dispatch('step:run', { runbookId: 'demo', stepId: 'marker', sessionId: 'gone' }, context);
    expect(noSession).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
