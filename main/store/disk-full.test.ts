import { describe, expect, it, afterEach } from 'vitest';
import { ContractFailure } from '../../shared/ipc/envelope';
import { createIncidentHarness } from '../incidents/incident-test-harness';
import { OutputRecorder } from '../terminal/output-recorder';

const harnesses: ReturnType<typeof createIncidentHarness>[] = [];
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

describe('a full disk during logging', () => {
  it('refuses the event with a plain message and a record:warning, and recording resumes once there is space', () => {
    const harness = createIncidentHarness();
    harnesses.push(harness);
    const { recorder, events, seen, service } = harness;
    const incident = service.declare({ title: 'Disk full', kind: 'incident' });
    fillUp(events.db);
    let failure: unknown;
    for (let i = 0; i < 10_000 && !failure; i++) {
      try {
        recorder.record(incident.id, 'command.manual', { sessionId: 's', commandLine: `echo ${'x'.repeat(2000)} ${i}`, commandLineExact: true, exitCode: 0, durationMs: 1, cwd: null, state: 'finished' });
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toBeInstanceOf(ContractFailure);
    expect((failure as ContractFailure).message).toMatch(/disk holding the incident record is full.*terminal keeps working/);
    expect(seen.some((entry) => entry.channel === 'record:warning')).toBe(true);
    // Nothing half-written: seq is still gap-free.
    const { n, last } = events.db.prepare('SELECT count(*) AS n, max(seq) AS last FROM events').get() as { n: number; last: number };
    expect(last).toBe(n);

    events.db.pragma('max_page_count = 1073741823');
    const after = recorder.record(incident.id, 'note', { noteId: 'n', text: 'space again' });
    expect(after.seq).toBe(n + 1);
    expect(service.get(incident.id).id).toBe(incident.id);
  });

  it('keeps the output recorder alive: a failed batch is reported, later batches are written', () => {
    const harness = createIncidentHarness();
    harnesses.push(harness);
    const errors: Error[] = [];
    const output = new OutputRecorder(harness.events.db, { onError: (error) => errors.push(error) });
    fillUp(harness.events.db);
    output.write('s', null, Buffer.alloc(512 * 1024, 0x61));
    output.flush();
    expect(errors.map((error) => (error as { code?: string }).code)).toEqual(['SQLITE_FULL']);
    harness.events.db.pragma('max_page_count = 1073741823');
    output.write('s', null, Buffer.from('after\r\n'));
    output.flush();
    expect(output.read({ sessionId: 's' }).map((chunk) => chunk.bytes.toString())).toEqual(['after\r\n']);
    output.close();
  });
});
