import { describe, expect, it } from 'vitest';
import { SAMPLE_EXPORT_OPTIONS, sampleIncidentRecord } from './__fixtures__/sample-record';
import published from '../../docs/incident-export-schema.json';
import { incidentExportJsonSchema, parseIncidentExport, renderIncidentJson } from './export-json';
import { redactIncidentRecord } from './redact-record';

function failure(text: string): string {
  const result = parseIncidentExport(text);
  if (result.ok) throw new Error('expected the import to fail');
  return result.error;
}

// Golden files live in shared/export/__golden__/ and are compared byte for byte. After a deliberate
// change, regenerate them and review the diff:  npx vitest run shared/export -u
describe('JSON export', () => {
  it('matches the golden file', async () => {
    await expect(renderIncidentJson(sampleIncidentRecord(), SAMPLE_EXPORT_OPTIONS)).toMatchFileSnapshot('./__golden__/incident.json');
  });

  it('round-trips: what it writes, it imports, equal to the redacted record', () => {
    const text = renderIncidentJson(sampleIncidentRecord(), SAMPLE_EXPORT_OPTIONS);
    const result = parseIncidentExport(text);
    expect(result).toEqual({ ok: true, record: redactIncidentRecord(sampleIncidentRecord(), SAMPLE_EXPORT_OPTIONS.redaction), exportedAt: SAMPLE_EXPORT_OPTIONS.generatedAt });
  });

  it('refuses a truncated file', () => {
    const text = renderIncidentJson(sampleIncidentRecord());
    expect(failure(text.slice(0, Math.floor(text.length / 2)))).toMatch(/truncated/);
    expect(failure('')).toMatch(/truncated or empty/);
  });

  it('refuses a file that is not ours', () => {
    expect(failure('{"asciinema": 1}')).toMatch(/not a Firebreak incident export: "format" is missing/);
    expect(failure('[1, 2]')).toMatch(/not a Firebreak incident export/);
    expect(failure('{"format": "other-tool"}')).toMatch(/"format" is "other-tool"/);
  });

  it('refuses another version, saying when it is newer', () => {
    const document = JSON.parse(renderIncidentJson(sampleIncidentRecord()));
    expect(failure(JSON.stringify({ ...document, version: 3 }))).toMatch(/version 3, written by a newer Firebreak/);
    expect(failure(JSON.stringify({ ...document, version: '1' }))).toMatch(/Unsupported export version "1"/);
  });

  it('reads a version 1 export: drill events get their own kinds, typed commands their text, output its step run', () => {
    const v1 = {
      format: 'firebreak-incident',
      version: 1,
      exportedAt: null,
      redacted: true,
      incident: sampleIncidentRecord().incident,
      events: [
        { seq: 1, incidentId: 'i', ts: '2024-05-14T03:16:00.000Z', kind: 'step.started', actor: 'a', data: { runId: 'r1', stepId: 's', title: 'S', command: 'echo hi' }, starred: false },
        { seq: 2, incidentId: 'i', ts: '2024-05-14T03:16:01.000Z', kind: 'command.manual', actor: 'a', data: { command: 'ls -la', sessionId: 'x', exitCode: 0 }, starred: false },
        { seq: 3, incidentId: 'i', ts: '2024-05-14T03:16:02.000Z', kind: 'drill.inject', actor: 'firebreak-drill', data: { type: 'lab-healthy', summary: 'Lab healthy again: replica caught up' }, starred: false },
        { seq: 4, incidentId: 'i', ts: '2024-05-14T03:16:03.000Z', kind: 'from.the.future', actor: 'a', data: { summary: 'kept' }, starred: true },
      ],
      sessions: [{ sessionId: 'x', shell: '/bin/bash', cols: 80, rows: 24, startedAt: '2024-05-14T03:15:00.000Z', chunks: [{ at: '2024-05-14T03:16:00.500Z', data: 'hi\r\n', stepId: 's' }] }],
      runbookSnapshots: [],
    };
    const result = parseIncidentExport(JSON.stringify(v1));
    if (!result.ok) throw new Error(result.error);
    expect(result.record.events.map((event) => event.kind)).toEqual(['step.started', 'command.manual', 'drill.lab', 'unknown']);
    const typed = result.record.events[1]!;
    expect(typed.kind === 'command.manual' && typed.data.commandLine).toBe('ls -la');
    const lab = result.record.events[2]!;
    expect(lab.kind === 'drill.lab' && lab.data).toMatchObject({ state: 'healthy', detail: 'replica caught up' });
    const unknown = result.record.events[3]!;
    expect(unknown.kind === 'unknown' && unknown.data.storedKind).toBe('from.the.future');
    expect(result.record.sessions[0]!.chunks[0]!.runId).toBe('r1');
  });

  it('names the path of a wrong field', () => {
    const document = JSON.parse(renderIncidentJson(sampleIncidentRecord()));
    document.events[3].seq = 'four';
    delete document.incident.severity;
    const error = failure(JSON.stringify(document));
    expect(error).toContain('events[3].seq');
    expect(error).toContain('incident.severity');
  });

  it('publishes a JSON Schema in docs/ that matches the zod schema', () => {
    expect(published).toEqual(incidentExportJsonSchema());
  });

  it('keeps docs/incident-export-schema.json formatted as generated', async () => {
    await expect(`${JSON.stringify(incidentExportJsonSchema(), null, 2)}\n`).toMatchFileSnapshot('../../docs/incident-export-schema.json');
  });
});
