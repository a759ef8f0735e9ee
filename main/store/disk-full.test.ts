import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, afterEach } from 'vitest';
import type { EventOf } from '../../shared/ipc/contract';
import { Unavailable } from '../../shared/model/domain-errors';
import { createIncidentHarness } from '../incidents/incident-test-harness';
import { EngineHarness, runbookText } from '../steps/step-test-harness';
import { OutputRecorder } from '../terminal/output-recorder';
import { connectionOf } from './store-connection';

const harnesses: { dispose(): void }[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.dispose();
});

/**
 * A full disk, simulated with PRAGMA max_page_count (the database may not
 * grow past its current size): SQLite answers SQLITE_FULL exactly as it does
 * when the file system is out of space.
 */
function fillUp(db: import('better-sqlite3').Database): void {
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
}

/** Like {@link fillUp}, and the free pages inside the file used up too, then the room left in the events table's pages, so the very next event fails. */
function fillUpCompletely(db: import('better-sqlite3').Database, store?: EngineHarness['store']): void {
  db.exec('CREATE TABLE IF NOT EXISTS filler (body BLOB)');
  fillUp(db);
  const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
  for (let size = 64 * 1024; size >= 16; ) {
    try {
      insert.run(Buffer.alloc(size));
    } catch {
      size = Math.floor(size / 2);
    }
  }
  if (!store) return;
  const incidentId = store.incidentForAction().id;
  for (;;) {
    try {
      store.append(incidentId, 'note', { noteId: 'filler', text: 'filler' });
    } catch {
      return;
    }
  }
}

describe('a full disk during logging', () => {
  it('refuses the event with a plain message and a record:warning, and recording resumes once there is space', () => {
    const harness = createIncidentHarness();
    harnesses.push(harness);
    const { recorder, events, seen, service } = harness;
    const incident = service.declare({ title: 'Disk full', kind: 'incident' });
    fillUp(connectionOf(events));
    let failure: unknown;
    for (let i = 0; i < 10_000 && !failure; i++) {
      try {
        recorder.record(incident.id, 'command.manual', { sessionId: 's', commandLine: `echo ${'x'.repeat(2000)} ${i}`, commandLineExact: true, exitCode: 0, durationMs: 1, cwd: null, state: 'finished' });
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toBeInstanceOf(Unavailable);
    expect((failure as Unavailable).message).toMatch(/disk holding the incident record is full.*terminal keeps working/);
    expect(seen.some((entry) => entry.channel === 'record:warning')).toBe(true);
    // Nothing half-written: seq is still gap-free.
    const { n, last } = connectionOf(events).prepare('SELECT count(*) AS n, max(seq) AS last FROM events').get() as { n: number; last: number };
    expect(last).toBe(n);

    connectionOf(events).pragma('max_page_count = 1073741823');
    const after = recorder.record(incident.id, 'note', { noteId: 'n', text: 'space again' });
    // The record says where its hole is, right before the first event written again.
    expect(after.seq).toBe(n + 2);
    expect(events.list(incident.id, n, 10).map((event) => event.kind)).toEqual(['record.gap', 'note']);
    expect(service.get(incident.id).id).toBe(incident.id);
  });

  it('keeps the output recorder alive: a failed batch is reported, later batches are written', () => {
    const harness = createIncidentHarness();
    harnesses.push(harness);
    const errors: Error[] = [];
    const output = new OutputRecorder(connectionOf(harness.events), { onError: (error) => errors.push(error) });
    fillUp(connectionOf(harness.events));
    output.write('s', null, Buffer.alloc(512 * 1024, 0x61));
    output.flush();
    expect(errors.map((error) => (error as { code?: string }).code)).toEqual(['SQLITE_FULL']);
    connectionOf(harness.events).pragma('max_page_count = 1073741823');
    output.write('s', null, Buffer.from('after\r\n'));
    output.flush();
    expect(output.read({ sessionId: 's' }).map((chunk) => chunk.bytes.toString())).toEqual(['after\r\n']);
    output.close();
  });
});

describe('a full disk while a step runs', () => {
  it('the runner knows its step.finished was not recorded, the warning names the step, and the record notes the gap once there is room', async () => {
    const h = new EngineHarness({
      shell: '/bin/bash',
      runbook: runbookText('', '```bash {id=wait-then-print}\nwhile [ ! -e "$HOME/go" ]; do sleep 0.02; done; head -c 20000 /dev/zero | tr "\\0" x\n```\n'),
    });
    harnesses.push(h);
    const warnings: string[] = [];
    h.hub.subscribe((channel, payload) => {
      if (channel === 'record:warning') warnings.push((payload as EventOf<'record:warning'>).message);
    });
    const session = await h.openSession();
    const { runId } = await h.steps.run({ runbookId: h.runbook.id, stepId: 'wait-then-print', sessionId: session });
    await h.waitFor('the step to start', () => h.terminals.get(session).busy);
    fillUpCompletely(connectionOf(h.store));
    fs.writeFileSync(path.join(h.home, 'go'), '');
    const status = await h.steps.whenDone(runId);

    expect(status.state).toBe('passed');
    expect(status.recordProblem).toMatch(/step\.finished was not recorded: The disk holding the incident record is full/);
    expect(warnings.some((warning) => warning.includes('NOT recorded: step.finished of step "wait-then-print"'))).toBe(true);
    expect(h.recorder.unrecorded.flatMap((gap) => gap.lostEvents.map((lost) => [lost.kind, lost.stepId]))).toEqual([['step.finished', 'wait-then-print']]);

    connectionOf(h.store).exec('DROP TABLE filler');
    connectionOf(h.store).pragma('max_page_count = 1073741823');
    h.recorder.record(h.recorder.incidentForAction().id, 'note', { noteId: 'n', text: 'space again' });
    const kinds = h.events().map((event) => event.kind);
    expect(kinds.slice(-2)).toEqual(['record.gap', 'note']);
    expect(kinds).not.toContain('step.finished');
    const gap = h.events('record.gap')[0]!.data;
    expect(gap.lostEvents).toMatchObject([{ kind: 'step.finished', stepId: 'wait-then-print', runId }]);
    expect(gap.reason).toBe('the disk was full');
    expect(Date.parse(gap.until)).toBeGreaterThanOrEqual(Date.parse(gap.since));
  });

  it('a step that times out while the disk is full is still stopped, and both lost events are named', async () => {
    const h = new EngineHarness({ shell: '/bin/bash', runbook: runbookText('', '```bash {id=slow timeout=1s}\nhead -c 20000 /dev/zero | tr "\\0" x; sleep 30\n```\n') });
    harnesses.push(h);
    const session = await h.openSession();
    const { runId } = await h.steps.run({ runbookId: h.runbook.id, stepId: 'slow', sessionId: session });
    await h.waitFor('the step to start', () => h.terminals.get(session).busy);
    fillUpCompletely(connectionOf(h.store), h.store);
    // Neither step.cancelled nor step.finished fits (the timeout's record used to throw from its timer).
    const status = await h.steps.whenDone(runId);
    expect(status).toMatchObject({ state: 'failed', message: 'Timed out after 1 s and was stopped.' });
    expect(status.recordProblem).toMatch(/step\.finished was not recorded/);
    expect(h.recorder.unrecorded.flatMap((gap) => gap.lostEvents.map((lost) => lost.kind))).toEqual(['step.cancelled', 'step.finished']);
  });
});
