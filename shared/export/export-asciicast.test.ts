import { describe, expect, it } from 'vitest';
import { SAMPLE_EXPORT_OPTIONS, sampleIncidentRecord } from './__fixtures__/sample-record';
import { renderIncidentAsciicasts } from './export-asciicast';

/**
 * The asciicast v2 rules (asciinema's docs/asciicast/v2.md): newline-delimited
 * JSON; line 1 an object with version 2 and integer width/height (timestamp,
 * when present, an integer Unix time); every other line a 3-element array
 * [time ≥ 0 (number, non-decreasing), code ("o" | "i" | "m" | "r"), data string].
 */
function expectValidAsciicastV2(content: string): void {
  expect(content.endsWith('\n')).toBe(true);
  const lines = content.slice(0, -1).split('\n');
  const header = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
  expect(header.version).toBe(2);
  expect(Number.isInteger(header.width) && (header.width as number) > 0).toBe(true);
  expect(Number.isInteger(header.height) && (header.height as number) > 0).toBe(true);
  if ('timestamp' in header) expect(Number.isInteger(header.timestamp)).toBe(true);
  let previous = 0;
  for (const line of lines.slice(1)) {
    const event = JSON.parse(line) as unknown;
    expect(Array.isArray(event)).toBe(true);
    const [time, code, data] = event as [unknown, unknown, unknown];
    expect((event as unknown[]).length).toBe(3);
    expect(typeof time).toBe('number');
    expect(time as number).toBeGreaterThanOrEqual(previous);
    expect(['o', 'i', 'm', 'r']).toContain(code);
    expect(typeof data).toBe('string');
    previous = time as number;
  }
}

// Golden files live in shared/export/__golden__/ and are compared byte for byte. After a deliberate
// change, regenerate them and review the diff:  npx vitest run shared/export -u
describe('asciicast export', () => {
  it('writes one valid asciicast v2 file per session, matching the golden file', async () => {
    const files = renderIncidentAsciicasts(sampleIncidentRecord(), SAMPLE_EXPORT_OPTIONS);
    expect(files.map((file) => file.fileName)).toEqual(['2024-05-14-orders-api-502s-database-connection-pool-exhausted-terminal-1-bash.cast']);
    const file = files[0];
    if (!file) throw new Error('no file');
    expectValidAsciicastV2(file.content);
    await expect(file.content).toMatchFileSnapshot('./__golden__/incident-terminal-1.cast');
  });

  it('starts at the size the terminal had, replays its resizes, names the real shell and shows no shell-integration mark', () => {
    const content = renderIncidentAsciicasts(sampleIncidentRecord(), SAMPLE_EXPORT_OPTIONS)[0]?.content ?? '';
    const [headerLine, ...lines] = content.trim().split('\n');
    const header = JSON.parse(headerLine ?? '') as { width: number; height: number; env: { SHELL: string } };
    expect([header.width, header.height]).toEqual([120, 32]);
    expect(header.env.SHELL).toBe('/bin/bash');
    const events = lines.map((line) => JSON.parse(line) as [number, string, string]);
    expect(events.filter((event) => event[1] === 'r')).toEqual([[270, 'r', '160x40']]);
    expect(content).not.toMatch(/633;|133;|n0nce-sample/);
    expect(events.some((event) => event[2].includes('oncall@bastion'))).toBe(true);
  });

  it('removes a mark split across two chunks', () => {
    const record = sampleIncidentRecord();
    record.sessions[0]!.chunks = [
      { at: '2024-05-14T03:15:31.000Z', data: 'before\x1b]63', runId: null },
      { at: '2024-05-14T03:15:32.000Z', data: '3;D;0;n0nce-sample-1234\x07after', runId: null },
    ];
    const content = renderIncidentAsciicasts(record)[0]?.content ?? '';
    expect(content).not.toContain('633');
    expect(content).toContain('"before"');
    expect(content).toContain('"after"');
  });

  it('times events relative to the session start and never lets them go backwards', () => {
    const record = sampleIncidentRecord();
    const session = record.sessions[0];
    if (!session) throw new Error('no session');
    session.chunks = [
      { at: '2024-05-14T03:15:31.500Z', data: 'a', runId: null },
      { at: '2024-05-14T03:15:31.000Z', data: 'b', runId: null }, // clock stepped back
      { at: 'not a time', data: 'c', runId: null },
      { at: '2024-05-14T03:15:33.250Z', data: 'd', runId: null },
    ];
    session.resizes = [];
    const content = renderIncidentAsciicasts(record)[0]?.content ?? '';
    expectValidAsciicastV2(content);
    expect(content.split('\n').slice(1, 5).map((line) => JSON.parse(line)[0])).toEqual([1.5, 1.5, 1.5, 3.25]);
    expect(JSON.parse(content.split('\n')[0] ?? '').timestamp).toBe(Date.parse('2024-05-14T03:15:30.000Z') / 1000);
  });

  it('keeps output that splits a secret across chunks masked, in the chunk where the secret began', () => {
    const content = renderIncidentAsciicasts(sampleIncidentRecord())[0]?.content ?? '';
    const events = content.trim().split('\n').slice(1).map((line) => JSON.parse(line) as [number, string, string]);
    const keyEvent = events.find((event) => event[2].includes('[REDACTED:aws-access-key]'));
    expect(keyEvent?.[0]).toBe(868); // 03:29:58 minus 03:15:30
  });
});
