import { describe, expect, it } from 'vitest';
import { SECRET_PARAM_VALUE, SECRET_SAMPLES, SECRET_STRINGS } from '../redaction/fixtures/secret-corpus';
import { stripTerminalEscapes } from '../redaction/terminal-escapes';
import { sampleIncidentRecord } from './__fixtures__/sample-record';
import { renderIncidentAsciicasts } from './export-asciicast';
import { renderIncidentHtml } from './export-html';
import { renderIncidentJson } from './export-json';
import type { IncidentRecord } from './incident-record';
import { renderPostmortemMarkdown } from './postmortem-markdown';

const SECRETS = [...SECRET_STRINGS, SECRET_PARAM_VALUE];
const options = { redaction: { secretValues: [SECRET_PARAM_VALUE] }, generatedAt: '2024-05-15T09:00:00.000Z' };

/** The sample incident with the whole secrets corpus planted in every kind of text field and in terminal output. */
function recordFullOfSecrets(): IncidentRecord {
  const record = sampleIncidentRecord();
  const lines = [...SECRET_SAMPLES.map((sample) => sample.line), `the param was ${SECRET_PARAM_VALUE}`];
  const all = lines.join('\n');
  const { incident } = record;
  incident.title = `Leak drill ${lines[0]}`;
  incident.services.push(lines[1] ?? '');
  incident.commander = lines[2] ?? null;
  incident.postmortem.summary = all;
  incident.postmortem.impact = all;
  incident.postmortem.rootCauses = all;
  incident.postmortem.trigger = all;
  incident.postmortem.resolution = all;
  incident.postmortem.detection = all;
  incident.postmortem.actionItems.push({ item: all, type: 'prevent', owner: lines[3] ?? null, tracking: lines[4] ?? null, priority: null });
  incident.postmortem.lessonsLearned.gotLucky.push(...lines);
  let seq = record.events.length;
  lines.forEach((line, i) => {
    const ts = `2024-05-14T03:4${i % 10}:00.000Z`;
    record.events.push(
      { seq: ++seq, incidentId: incident.id, ts, kind: 'note', actor: 'carol', data: { noteId: `leak-note-${i}`, text: line }, starred: i % 2 === 0 },
      {
        seq: ++seq,
        incidentId: incident.id,
        ts,
        kind: 'step.started',
        actor: 'alice',
        data: { runId: `leak-${i}`, runbookId: 'leaky', stepId: `leak-${i}`, title: line, sessionId: 'sess-1', batchId: null, runbookTitle: line, contentHash: 'f'.repeat(64), command: line, profile: line, production: false, rollbackOf: null, sentAs: 'script', tracked: true },
        starred: false,
      },
      {
        seq: ++seq,
        incidentId: incident.id,
        ts,
        kind: 'step.finished',
        actor: 'alice',
        data: { runId: `leak-${i}`, runbookId: 'leaky', stepId: `leak-${i}`, title: line, sessionId: 'sess-1', batchId: null, command: line, status: 'failed', exitCode: 1, durationMs: 5, expect: { passed: false, description: line }, message: line, rollbackOf: null },
        starred: true,
      },
      { seq: ++seq, incidentId: incident.id, ts, kind: 'command.manual', actor: 'dana', data: { sessionId: 'sess-1', commandLine: line, commandLineExact: true, exitCode: 1, durationMs: 3, cwd: line, state: 'finished' }, starred: false },
      { seq: ++seq, incidentId: incident.id, ts, kind: 'param.set', actor: 'alice', data: { sessionId: 'sess-1', runId: `leak-${i}`, runbookId: 'leaky', name: 'TOKEN', value: line, secret: false, profile: null }, starred: false },
    );
  });
  // Terminal output: each secret split across two chunks at an awkward place, wrapped in colour, and in an OSC title.
  const session = record.sessions[0];
  if (!session) throw new Error('sample has a session');
  lines.forEach((line, i) => {
    const half = Math.floor(line.length / 2);
    session.chunks.push(
      { at: `2024-05-14T03:5${i % 10}:00.000Z`, data: `\x1b]0;${line}\x07\x1b[31m${line.slice(0, half)}`, runId: `leak-${i}` },
      { at: `2024-05-14T03:5${i % 10}:00.010Z`, data: `\x1b[1m${line.slice(half)}\x1b[0m\r\n`, runId: `leak-${i}` },
    );
  });
  record.runbookSnapshots.push({ contentHash: 'f'.repeat(64), runbookId: 'leaky', title: 'Leaky runbook', source: all });
  return record;
}

function expectNoSecrets(format: string, output: string): void {
  // Look at the raw text and the text a terminal or JSON reader would see.
  const views = [output, stripTerminalEscapes(output), output.replace(/\\u001b\[[0-9;]*m/g, '').replace(/\\r\\n/g, '\n').replace(/\\n/g, '\n').replace(/\\"/g, '"')];
  for (const secret of SECRETS) {
    for (const view of views) {
      expect(view.includes(secret), `${format} export leaks ${JSON.stringify(secret.slice(0, 24))}…`).toBe(false);
    }
  }
}

describe('no export carries a secret', () => {
  const record = recordFullOfSecrets();

  it('the planted record really contains every secret', () => {
    const raw = JSON.stringify(record);
    for (const secret of SECRETS) expect(JSON.stringify(raw).length > 0 && raw.includes(JSON.stringify(secret).slice(1, -1))).toBe(true);
  });

  it('Markdown', () => expectNoSecrets('Markdown', renderPostmortemMarkdown(record, options)));
  it('HTML', () => {
    const html = renderIncidentHtml(record, options);
    expectNoSecrets('HTML', html);
    // HTML escaping could hide a secret from a plain search; undo it and look again.
    expectNoSecrets('HTML (unescaped)', html.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))));
  });
  it('JSON', () => {
    const json = renderIncidentJson(record, options);
    expectNoSecrets('JSON', json);
    expectNoSecrets('JSON (parsed)', JSON.stringify(JSON.parse(json), null, 0).replace(/\\n/g, '\n'));
    const parsed = JSON.parse(json) as { sessions: { chunks: { data: string }[] }[] };
    expectNoSecrets('JSON terminal output', parsed.sessions.flatMap((s) => s.chunks.map((c) => c.data)).join(''));
  });
  it('asciicast', () => {
    for (const file of renderIncidentAsciicasts(record, options)) {
      expectNoSecrets('asciicast', file.content);
      const played = file.content.trim().split('\n').slice(1).map((line) => (JSON.parse(line) as [number, string, string])[2]).join('');
      expectNoSecrets('asciicast (played)', played);
    }
  });
});
