import { describe, expect, it } from 'vitest';
import { SAMPLE_EXPORT_OPTIONS, sampleDrillRecord, sampleIncidentRecord } from './__fixtures__/sample-record';
import { emptyPostmortemFields } from './incident-record';
import { renderPostmortemMarkdown, TODO_MARKER } from './postmortem-markdown';

// Golden files live in shared/export/__golden__/ and are compared byte for byte. After a deliberate
// change, regenerate them and review the diff:  npx vitest run shared/export -u
describe('Markdown postmortem', () => {
  it('matches the golden file for a real incident', async () => {
    await expect(renderPostmortemMarkdown(sampleIncidentRecord(), SAMPLE_EXPORT_OPTIONS)).toMatchFileSnapshot('./__golden__/postmortem-incident.md');
  });

  it('matches the golden file for a drill, marked in the title and a banner', async () => {
    const markdown = renderPostmortemMarkdown(sampleDrillRecord(), SAMPLE_EXPORT_OPTIONS);
    expect(markdown.startsWith('# Postmortem: [DRILL] ')).toBe(true);
    expect(markdown).toContain('> **This was a DRILL');
    await expect(markdown).toMatchFileSnapshot('./__golden__/postmortem-drill.md');
  });

  it('marks every Google SRE section a person has not written as TODO', () => {
    const record = sampleIncidentRecord();
    record.incident.postmortem = emptyPostmortemFields();
    const markdown = renderPostmortemMarkdown(record);
    for (const heading of ['Summary', 'Impact', 'Root causes', 'Trigger', 'Resolution', 'Detection', 'Action items', 'Lessons learned', 'Timeline', 'Supporting information']) {
      expect(markdown).toContain(`## ${heading}`);
    }
    const todos = markdown.split('\n').filter((line) => line.startsWith(TODO_MARKER));
    expect(todos.length).toBeGreaterThanOrEqual(9);
  });

  it('lists starred events first, ahead of the full timeline', () => {
    const markdown = renderPostmortemMarkdown(sampleIncidentRecord());
    const key = markdown.indexOf('### Key events');
    const full = markdown.indexOf('### Full timeline');
    expect(key).toBeGreaterThan(0);
    expect(markdown.slice(key, full).match(/★/g)?.length).toBe(3);
  });

  it('escapes Markdown in titles and keeps fences intact around commands with backticks', () => {
    const record = sampleIncidentRecord();
    record.incident.title = 'Pool <exhausted> | *bold* `tick`';
    const event = record.events.find((candidate) => candidate.kind === 'step.started');
    if (event?.kind === 'step.started') event.data.command = 'echo ```; echo `date`';
    const markdown = renderPostmortemMarkdown(record);
    expect(markdown).toContain('# Postmortem: Pool \\<exhausted\\> \\| \\*bold\\* \\`tick\\`');
    expect(markdown).toContain('````sh\necho ```; echo `date`\n````');
  });
});

describe('drill titles', () => {
  it('mark a drill once, also for drills recorded with "Drill: " in their title', () => {
    const record = sampleDrillRecord();
    record.incident.title = 'Drill: Application crash and rollback';
    const declared = record.events.find((event) => event.kind === 'incident.declared');
    if (declared?.kind === 'incident.declared') Object.assign(declared.data, { kind: 'drill', title: 'Drill: Application crash and rollback' });
    const markdown = renderPostmortemMarkdown(record);
    expect(markdown.split('\n')[0]).toBe('# Postmortem: [DRILL] Application crash and rollback');
    expect(markdown).toContain('Drill “Application crash and rollback” started by alice');
    expect(markdown).not.toMatch(/Drill: Drill|\[DRILL\] Drill:/);
  });
});

describe("each run's output", () => {
  it('leaves out the header Firebreak printed before the step ran (the terminal replay keeps it)', async () => {
    const { outputByRun } = await import('./human-timeline');
    const { stepHeaderLines, stepHeaderOutput } = await import('../terminal/step-header');
    const record = sampleIncidentRecord();
    const started = record.events.find((event) => event.kind === 'step.started' && event.data.runId === 'run-2');
    if (started?.kind !== 'step.started') throw new Error('the sample has run-2');
    const header = stepHeaderOutput(stepHeaderLines({ stepId: started.data.stepId, title: started.data.title, code: started.data.command }));
    const chunk = record.sessions[0]!.chunks.find((candidate) => candidate.runId === 'run-2')!;
    chunk.data = header + chunk.data;
    const output = outputByRun(record).get('run-2')!;
    expect(output.startsWith('kubectl -n prod rollout restart deploy/orders-api')).toBe(true);
    expect(output).not.toContain('(step restart-api)');
  });
});

describe('the key moments table', () => {
  const table = (markdown: string) => markdown.split('\n').filter((line) => /^\| (Key moment|Started|Detected|Acknowledged|Mitigated|Resolved) \|/.test(line) || line.startsWith('| --- | --- |') && !line.includes('| --- | --- | --- | --- |'));
  it('titles every column, and leaves out the time-to column when no moment has one', () => {
    const full = renderPostmortemMarkdown(sampleIncidentRecord(), SAMPLE_EXPORT_OPTIONS);
    expect(full).toContain('| Key moment | Time (UTC) | Time taken |');
    expect(full).toContain('| Detected | 2024-05-14 03:13:30 UTC | time to detect: 1m 21s |');
    const record = sampleIncidentRecord();
    record.incident.keyMoments = { ...record.incident.keyMoments, detected: null, acknowledged: null, mitigated: null, resolved: null };
    const bare = renderPostmortemMarkdown(record, SAMPLE_EXPORT_OPTIONS);
    expect(bare).toContain('| Key moment | Time (UTC) |\n| --- | --- |\n| Started |');
    expect(bare).toContain('| Resolved | — |\n');
    for (const line of table(bare)) expect(line).not.toMatch(/\|\s*\|/);
  });
});
