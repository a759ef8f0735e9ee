import { describe, expect, it } from 'vitest';
import { renderIncidentJson, renderPostmortemMarkdown } from '../../shared/export';
import { dataOf } from '../../shared/model/timeline';
import { readIncidentRecord } from '../store/incident-record-reader';
import { OutputRecorder } from '../terminal/output-recorder';
import { declareShared, joinByInvite } from './team-incidents';
import { useTeamServer, type TestResponder } from './testing/responder';

/**
 * Full terminal output, opt-in per incident with a cap per run: with it on,
 * another responder's export holds a run's whole output up to the cap and
 * says where the cap cut it; with it off, only the run's excerpt leaves.
 * Secrets are masked before anything is sent, either way.
 */
const team = useTeamServer({ red: ['alice', 'bob'] });

function responder(name: string): TestResponder {
  // Output is taken as soon as the run finished: the test's output is all written before. Small push
  // transactions by bytes, so the shared output (300 KiB) goes in a batch of its own.
  return team.responder(name, { outputSettleMs: 0, batchBytes: 64 * 1024 });
}

const GITHUB_TOKEN = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
const AWS_KEY = 'AKIAQX7RZ2MNB4VT6PLE';
const LINES = 4000;
/** About 100 bytes a line: 400 KB of output, far over the excerpt's 80 KiB. */
const line = (i: number) => `line ${String(i).padStart(6, '0')} ${i === 10 ? `token ${GITHUB_TOKEN}` : i === 2000 ? `key ${AWS_KEY}` : ''}`.padEnd(99, '.') + '\n';
const CAP = 300 * 1024;

/** alice runs one step whose output is {@link LINES} lines, as the step runner records it: events, and the bytes by run. */
function runStep(alice: TestResponder, incidentId: string): string {
  const ref = { runId: `run-${incidentId.slice(0, 8)}`, runbookId: 'db', stepId: 'dump', title: 'Dump the pool state', sessionId: `sess-${incidentId.slice(0, 8)}` };
  alice.events.append(incidentId, 'step.started', {
    ...ref,
    batchId: null,
    runbookTitle: 'Database',
    contentHash: 'f'.repeat(64),
    command: 'pool-dump',
    profile: null,
    production: false,
    rollbackOf: null,
    sentAs: 'script',
    tracked: true,
  });
  const recorder = new OutputRecorder(alice.db);
  for (let i = 0; i < LINES; i++) recorder.write(ref.sessionId, ref.runId, Buffer.from(line(i)));
  recorder.close();
  const head = Array.from({ length: 20 }, (_, i) => line(i)).join('');
  const tail = Array.from({ length: 20 }, (_, i) => line(LINES - 20 + i)).join('');
  alice.events.append(incidentId, 'step.finished', {
    ...ref,
    batchId: null,
    command: 'pool-dump',
    status: 'passed',
    exitCode: 0,
    durationMs: 1200,
    expect: null,
    message: null,
    rollbackOf: null,
    transcript: { text: `${head}[… left out …]\n${tail}`, totalBytes: LINES * 100, omittedBytes: (LINES - 40) * 100, truncated: true },
  });
  return ref.runId;
}

async function sharedWithBob(alice: TestResponder, bob: TestResponder, shareOutput: boolean): Promise<string> {
  const { incident, inviteCode } = await alice.online((client) =>
    declareShared(client, alice.incidents, alice.store, { title: shareOutput ? 'Full output' : 'Excerpts only', kind: 'incident', severity: 'SEV2' }, 'red'),
  );
  await bob.online(async (client) => {
    const joined = await joinByInvite(client, bob.store, inviteCode);
    await bob.sync.pullIncident(client, joined.incidentId);
  });
  // bob turns it on for the incident; alice, who runs the step, learns it with her next pull.
  if (shareOutput) bob.store.setOutputSharing(incident.id, true, CAP);
  await bob.online((client) => bob.sync.sync(client));
  await alice.online((client) => alice.sync.sync(client));
  return incident.id;
}

async function bobsExport(alice: TestResponder, bob: TestResponder, incidentId: string) {
  await alice.online((client) => alice.sync.sync(client));
  await bob.online((client) => bob.sync.sync(client));
  const record = readIncidentRecord(bob.events, bob.incidents, incidentId);
  return { record, json: renderIncidentJson(record), markdown: renderPostmortemMarkdown(record) };
}

async function onServer(incidentId: string): Promise<string> {
  const rows = await team.server.admin<{ data: string }>('SELECT data::text AS data FROM firebreak.events WHERE incident_id = $1', [incidentId]);
  return rows.map((row) => row.data).join('\n');
}

describe('sharing full terminal output', () => {
  it('with it on, sends each run up to the cap, says it was cut there, and masks secrets first', async () => {
    const alice = responder('alice');
    const bob = responder('bob');
    const incidentId = await sharedWithBob(alice, bob, true);
    expect(alice.store.outputSharing(incidentId)).toEqual({ enabled: true, capBytes: CAP });
    const runId = runStep(alice, incidentId);

    const { record, json, markdown } = await bobsExport(alice, bob, incidentId);
    const shared = record.events.find((event) => event.kind === 'step.output');
    expect(shared).toBeDefined();
    const data = dataOf(shared, 'step.output');
    expect(data).toMatchObject({ runId, cut: true, capBytes: CAP, totalBytes: LINES * 100 });
    // Cut at the cap, at a line end: every whole line up to it, and nothing after.
    expect(data.sharedBytes).toBe(Math.floor(CAP / 100) * 100);
    expect(data.output.length).toBeGreaterThan(80 * 1024);
    expect(data.output).toContain('line 001500 ');
    expect(data.output).toContain('line 002000 key [REDACTED:aws-access-key]');
    expect(data.output).toContain(`line ${String(Math.floor(CAP / 100) - 1).padStart(6, '0')} `);
    expect(data.output).not.toContain(`line ${String(Math.floor(CAP / 100)).padStart(6, '0')} `);
    expect(data.output.endsWith('\n')).toBe(true);
    expect(json).toContain('line 001500 ');
    expect(markdown).toContain('output cut at the 307,200-byte cap');

    // Masked before it left alice's machine, not only in bob's export.
    const stored = await onServer(incidentId);
    expect(stored).toContain('line 001500 ');
    for (const secret of [GITHUB_TOKEN, AWS_KEY]) {
      expect(stored).not.toContain(secret);
      expect(json).not.toContain(secret);
    }
    // Once per run: the next sync sends nothing more.
    await alice.online((client) => alice.sync.sync(client));
    expect(alice.events.list(incidentId).filter((event) => event.kind === 'step.output')).toHaveLength(1);
  }, 120_000);

  it("with it off (the default), sends only the run's excerpt, secrets masked", async () => {
    const alice = responder('alice');
    const bob = responder('bob');
    const incidentId = await sharedWithBob(alice, bob, false);
    expect(alice.store.outputSharing(incidentId).enabled).toBe(false);
    runStep(alice, incidentId);

    const { record, json } = await bobsExport(alice, bob, incidentId);
    expect(record.events.some((event) => event.kind === 'step.output')).toBe(false);
    expect(json).toContain('line 000019 ');
    expect(json).toContain(`line ${String(LINES - 1).padStart(6, '0')} `);
    expect(json).not.toContain('line 001500 ');
    const stored = await onServer(incidentId);
    expect(stored).not.toContain('line 001500 ');
    expect(stored).toContain('token [REDACTED:github-token]');
    for (const secret of [GITHUB_TOKEN, AWS_KEY]) expect(stored + json).not.toContain(secret);
  }, 120_000);
});
