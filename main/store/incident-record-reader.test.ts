import { stepStartedData } from '../testing/sample-events';
import { afterEach, describe, expect, it } from 'vitest';
import { createIncidentHarness } from '../incidents/incident-test-harness';
import { readIncidentRecord } from './incident-record-reader';

let harness: ReturnType<typeof createIncidentHarness> | undefined;
afterEach(() => {
  harness?.dispose();
  harness = undefined;
});

/** An incident with one step run whose output is stored in rows of the given texts. */
function incidentWithStepOutput(rows: string[]) {
  harness = createIncidentHarness();
  const { incident } = harness.incidents.declare({ title: 'Tail reading', kind: 'incident', severity: 'SEV2' });
  harness.events.append(incident.id, 'step.started', stepStartedData({ runId: 'run-1', stepId: 'step-a', sessionId: 'session-1', command: './check.sh' }));
  rows.forEach((text, index) => harness!.writeOutput('session-1', 'run-1', index + 1, text));
  harness.writeOutput('session-1', null, rows.length + 1, 'prompt output that belongs to no step\n');
  return { harness, incidentId: incident.id };
}

describe('readIncidentRecord with a step output tail', () => {
  it('keeps about the last tailBytes of each run, cut at a line start inside the oldest row it reaches', () => {
    const { harness, incidentId } = incidentWithStepOutput(['first line\nsecond line\n', 'third line\nfourth line\n', 'fifth line\n']);
    // 11 bytes of 'fifth line\n' + 23 of the middle row = 34; 40 reaches 6 bytes into the first row.
    const record = readIncidentRecord(harness.events, harness.incidents, incidentId, { stepOutputTailBytes: 40 });
    const chunks = record.sessions.flatMap((session) => session.chunks);
    // The first row's last 6 bytes (" line\n") start mid-line, so that part is dropped whole.
    expect(chunks.map((chunk) => chunk.data)).toEqual(['third line\nfourth line\n', 'fifth line\n']);
    expect(chunks.every((chunk) => chunk.runId === 'run-1')).toBe(true);
  });

  it('cuts inside a single large row, starting after the first line feed of its tail', () => {
    const lines = Array.from({ length: 100 }, (_, index) => `line ${String(index).padStart(3, '0')}\n`).join('');
    const { harness, incidentId } = incidentWithStepOutput([lines]);
    const record = readIncidentRecord(harness.events, harness.incidents, incidentId, { stepOutputTailBytes: 25 });
    const text = record.sessions.flatMap((session) => session.chunks).map((chunk) => chunk.data).join('');
    // Each line is 9 bytes: the last 25 bytes begin inside line 097, so lines 098 and 099 are shown.
    expect(text).toBe('line 098\nline 099\n');
  });

  it('reads every row whole when the run printed less than the tail', () => {
    const { harness, incidentId } = incidentWithStepOutput(['a\n', 'b\n']);
    const record = readIncidentRecord(harness.events, harness.incidents, incidentId, { stepOutputTailBytes: 1024 });
    expect(record.sessions.flatMap((session) => session.chunks).map((chunk) => chunk.data)).toEqual(['a\n', 'b\n']);
  });

  it('reads all output, step or not, without a tail option', () => {
    const { harness, incidentId } = incidentWithStepOutput(['a\n', 'b\n']);
    const record = readIncidentRecord(harness.events, harness.incidents, incidentId);
    expect(record.sessions.flatMap((session) => session.chunks).map((chunk) => chunk.data).join('')).toBe('a\nb\nprompt output that belongs to no step\n');
  });
});
