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
    expect(failure(JSON.stringify({ ...document, version: 2 }))).toMatch(/version 2, written by a newer Firebreak/);
    expect(failure(JSON.stringify({ ...document, version: '1' }))).toMatch(/Unsupported export version "1"/);
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
