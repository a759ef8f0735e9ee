import { dataOf } from '../../shared/model/timeline';
import { stepFinishedData, stepStartedData } from '../testing/sample-events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseIncidentExport } from '../../shared/export/export-json';
import { EventStore } from '../store/event-store';
import { openDatabase } from '../store/open-database';
import { createIncidentHarness } from './incident-test-harness';
import { IncidentStore } from '../store/incident-store';

const harnesses: ReturnType<typeof createIncidentHarness>[] = [];
function setup(options?: Parameters<typeof createIncidentHarness>[0]) {
  const harness = createIncidentHarness(options);
  harnesses.push(harness);
  return harness;
}
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.dispose();
});

/** Secrets that must never appear in any export. */
const GITHUB_TOKEN = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const AWS_KEY = 'AKIA' + 'IOSFODNN7EXAMPLE';
const SECRET_PARAM = 'hunter2-correct-horse';

describe('incident lifecycle', () => {
  it('declares an incident, makes it active, and records who, what and how bad', () => {
    const { service, seen } = setup();
    const incident = service.declare({
      title: 'Orders API 500s',
      kind: 'incident',
      severity: 'SEV2',
      services: ['orders-api'],
      commander: 'ana',
      communicationsLead: 'ben',
      responders: ['cy'],
    });
    expect(incident).toMatchObject({ severity: 'SEV2', status: 'investigating', active: true, commander: 'ana', services: ['orders-api'] });
    expect(incident.keyMoments.started).toBe(incident.createdAt);
    expect(service.active().id).toBe(incident.id);
    const kinds = seen.filter((entry) => entry.channel === 'timeline:appended').map((entry) => (entry.payload as { kind: string }).kind);
    expect(kinds).toEqual(['incident.declared']);
    expect(seen.some((entry) => entry.channel === 'incident:changed')).toBe(true);
  });

  it('sets acknowledged at the first note, mitigated and resolved on status changes, and computes the time-tos', () => {
    let now = Date.parse('2024-05-14T10:00:00.000Z');
    const { service, events } = setup({ clock: () => new Date(now) });
    const incident = service.declare({ title: 'DB down', kind: 'incident', detectedAt: '2024-05-14T09:58:00.000Z' });
    now += 60_000;
    service.addNote(undefined, 'Looking at pgbouncer');
    now += 60_000;
    service.setStatus(incident.id, 'identified');
    now += 60_000;
    service.setStatus(incident.id, 'mitigated');
    now += 60_000;
    const resolved = service.setStatus(incident.id, 'resolved');
    expect(resolved.keyMoments).toEqual({
      started: '2024-05-14T10:00:00.000Z',
      detected: '2024-05-14T09:58:00.000Z',
      acknowledged: '2024-05-14T10:01:00.000Z',
      mitigated: '2024-05-14T10:03:00.000Z',
      resolved: '2024-05-14T10:04:00.000Z',
    });
    expect(resolved.durations).toEqual({
      timeToAcknowledgeMs: 3 * 60_000,
      timeToMitigateMs: 5 * 60_000,
      timeToResolveMs: 6 * 60_000,
      elapsedMs: 4 * 60_000,
    });
    const kinds = events.list(incident.id).map((event) => event.kind);
    expect(kinds).toEqual([
      'incident.declared',
      'note',
      'moment.set',
      'status.changed',
      'status.changed',
      'moment.set',
      'status.changed',
      'moment.set',
    ]);
    // Only the first sign of work acknowledges.
    service.addNote(incident.id, 'second note');
    expect(service.get(incident.id).keyMoments.acknowledged).toBe('2024-05-14T10:01:00.000Z');
  });

  it('edits moments, roles and metadata by hand, each as a timeline event', () => {
    const { service, events } = setup();
    const incident = service.declare({ title: 'Slow checkout', kind: 'incident' });
    service.setMoment(incident.id, 'detected', '2024-05-14T09:00:00.000Z');
    service.setRoles(incident.id, { commander: 'dee', responders: ['ana', 'ben'] });
    const updated = service.update(incident.id, { severity: 'SEV1', services: ['checkout'], postmortem: { summary: 'Checkout slow' } });
    expect(updated).toMatchObject({ severity: 'SEV1', commander: 'dee', responders: ['ana', 'ben'], services: ['checkout'] });
    expect(updated.postmortem.summary).toBe('Checkout slow');
    const list = events.list(incident.id);
    expect(list.map((event) => event.kind)).toEqual(['incident.declared', 'moment.set', 'role.changed', 'role.changed', 'incident.updated']);
    expect(list[1]!.data).toMatchObject({ moment: 'detected', to: '2024-05-14T09:00:00.000Z', automatic: false });
    expect(dataOf(list[4], 'incident.updated').changes).toHaveProperty('severity', { from: 'SEV3', to: 'SEV1' });
    // Nothing changed: no event.
    service.update(incident.id, { severity: 'SEV1' });
    expect(events.list(incident.id)).toHaveLength(5);
  });

  it('keeps several incidents, lists drills apart, and persists the active one across a restart', () => {
    const { service, file, events } = setup();
    const real = service.declare({ title: 'Real one', kind: 'incident', severity: 'SEV2' });
    const drill = service.declare({ title: 'Game day', kind: 'drill' });
    expect(service.active().id).toBe(drill.id);
    service.switchActive(real.id);
    expect(service.list('incidents').map((incident) => incident.title)).toEqual(['Real one']);
    expect(service.list('drills').map((incident) => incident.title)).toEqual(['Game day']);
    expect(service.list('all', { severities: ['SEV2'] }).map((incident) => incident.id)).toEqual([real.id]);
    events.close();
    const reopened = new EventStore(openDatabase(file), 'ana');
    expect(new IncidentStore(reopened).activeId()).toBe(real.id);
    reopened.close();
  });

  it('records notes and their edits as events, and stars events', () => {
    const { service, events, incidents } = setup();
    const incident = service.declare({ title: 'Notes', kind: 'practice' });
    const note = service.addNote(incident.id, '**Root cause**: pool exhausted');
    const noteId = dataOf(note, 'note').noteId;
    const edit = service.editNote(incident.id, noteId, '**Root cause**: pool size 10');
    expect(edit.data).toMatchObject({ noteId, editOf: note.uid });
    expect(() => service.editNote(incident.id, 'nope', 'x')).toThrow(/no note/);
    service.star(note.seq, true);
    expect(service.starred(incident.id)).toEqual([note.seq]);
    service.star(note.seq, false);
    expect(incidents.starredSeqs(incident.id).size).toBe(0);
    expect(events.list(incident.id).filter((event) => event.kind === 'event.starred').map((event) => dataOf(event, 'event.starred').starred)).toEqual([true, false]);
    expect(events.list(incident.id).filter((event) => event.kind === 'event.starred').map((event) => dataOf(event, 'event.starred').eventUid)).toEqual([note.uid, note.uid]);
  });

  it('snapshots the runbook text by content hash when it is opened or a step of it runs', () => {
    const runbook = { id: 'db', title: 'DB outage', source: '# DB outage\n', contentHash: 'abc123' };
    const { service, recorder, incidents } = setup({ runbooks: [runbook] });
    const incident = service.declare({ title: 'Snap', kind: 'incident' });
    // A step's pre-send records carry the runbook text it ran (the step runner, the CLI and drills all write through here).
    recorder.recordTogether(incident.id, [{ kind: 'step.started', data: stepStartedData({ runId: 'r1', runbookId: 'db', contentHash: 'abc123', stepId: 's1', command: 'echo hi', sessionId: 'S' }) }], runbook);
    expect(service.runbookOpened('db')).toBeNull(); // already snapshotted for this incident
    expect(incidents.snapshots(incident.id)).toEqual([{ contentHash: 'abc123', runbookId: 'db', title: 'DB outage', source: '# DB outage\n' }]);
  });
});

describe('search', () => {
  it('finds commands, notes and output across incidents, with references and snippets', () => {
    const { service, recorder, writeOutput } = setup();
    const first = service.declare({ title: 'First', kind: 'incident' });
    recorder.record(first.id, 'step.started', stepStartedData({ runId: 'run-1', stepId: 'restart', command: 'systemctl restart pgbouncer', sessionId: 'sess-1' }));
    writeOutput('sess-1', 'run-1', 1, '\x1b[31mFATAL: too many connections for role "app"\x1b[0m\r\n');
    const second = service.declare({ title: 'Second', kind: 'drill' });
    service.addNote(second.id, 'Saw too many connections again');

    const hits = service.search('too many connections', {});
    expect(hits.map((hit) => [hit.source, hit.incidentId]).sort()).toEqual(
      [
        ['event', second.id],
        ['output', first.id],
      ].sort(),
    );
    const output = hits.find((hit) => hit.source === 'output')!;
    expect(output).toMatchObject({ sessionId: 'sess-1', runId: 'run-1', ref: 1, incidentTitle: 'First' });
    expect(output.snippet.filter((part) => part.match).map((part) => part.text)).toEqual(['too', 'many', 'connections']);
    expect(output.snippet.map((part) => part.text).join('')).not.toContain('\x1b');

    expect(service.search('pgbouncer', {})[0]).toMatchObject({ source: 'event', eventKind: 'step.started', incidentId: first.id });
    expect(service.search('too many connections', { realIncidentsOnly: true }).map((hit) => hit.incidentId)).toEqual([first.id]);
    // FTS syntax in the query is taken literally, not as an error.
    expect(() => service.search('kubectl -n "prod AND (', {})).not.toThrow();
  });
});

describe('export', () => {
  function incidentWithSecrets() {
    const harness = setup();
    const { service, recorder, writeOutput } = harness;
    const incident = service.declare({ title: 'Leaky', kind: 'incident', severity: 'SEV2', commander: 'ana' });
    recorder.record(incident.id, 'step.started', stepStartedData({ runId: 'run-1', stepId: 'login', title: 'Log in', command: `gh auth login --with-token ${GITHUB_TOKEN}`, sessionId: 'sess-1' }));
    // The token split across two chunks, and an AWS key inside colour escapes.
    writeOutput('sess-1', 'run-1', 1, `token: ${GITHUB_TOKEN.slice(0, 15)}`);
    writeOutput('sess-1', 'run-1', 2, `${GITHUB_TOKEN.slice(15)}\r\n\x1b[33m${AWS_KEY}\x1b[0m\r\npassword ${SECRET_PARAM}\r\n`);
    recorder.record(incident.id, 'step.finished', stepFinishedData({ runId: 'run-1', stepId: 'login', title: 'Log in', exitCode: 0, durationMs: 1200, sessionId: 'sess-1' }));
    const note = service.addNote(incident.id, `Used key ${AWS_KEY}`);
    service.star(note.seq, true);
    return { ...harness, incident };
  }

  for (const format of ['md', 'json', 'html', 'cast'] as const) {
    it(`masks every secret in the ${format} export`, () => {
      const { service, incident } = incidentWithSecrets();
      const files = service.export(incident.id, format, [SECRET_PARAM]);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        expect(file.content).not.toContain(GITHUB_TOKEN);
        expect(file.content).not.toContain(GITHUB_TOKEN.slice(4, 20));
        expect(file.content).not.toContain(AWS_KEY);
        expect(file.content).not.toContain(SECRET_PARAM);
        expect(file.content).toContain('[REDACTED:');
      }
    });
  }

  it('writes an asciicast per session that follows asciicast v2', () => {
    const { service, incident } = incidentWithSecrets();
    const [cast] = service.export(incident.id, 'cast', []);
    const [header, ...lines] = cast!.content!.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(header).toMatchObject({ version: 2, width: 80, height: 24 });
    let last = 0;
    for (const line of lines as [number, string, string][]) {
      expect(line[1]).toBe('o');
      expect(line[0]).toBeGreaterThanOrEqual(last);
      last = line[0];
    }
  });

  it('previews what will be masked, with ranges and masked context only', () => {
    const { service, incident } = incidentWithSecrets();
    const preview = service.previewExport(incident.id, [SECRET_PARAM]);
    expect(preview.items.some((item) => item.location.kind === 'output')).toBe(true);
    expect(preview.items.some((item) => item.location.kind === 'event' && item.location.field === 'data.command')).toBe(true);
    expect(JSON.stringify(preview)).not.toContain(GITHUB_TOKEN);
    expect(JSON.stringify(preview)).not.toContain(SECRET_PARAM);
    for (const item of preview.items) expect(item.end).toBeGreaterThan(item.start);
  });

  it('round-trips through JSON import into another database, all in one go', () => {
    const { service, incident } = incidentWithSecrets();
    const [json] = service.export(incident.id, 'json', []);
    const other = setup();
    const result = other.service.import(json!.content!);
    expect(result).toMatchObject({ title: 'Leaky', renamed: false });
    const again = other.service.export(result.incidentId, 'json', []);
    const a = parseIncidentExport(json!.content!);
    const b = parseIncidentExport(again[0]!.content!);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(b.record.events.map((event) => [event.kind, event.starred, event.ts])).toEqual(a.record.events.map((event) => [event.kind, event.starred, event.ts]));
      expect(b.record.sessions.map((session) => session.chunks.map((chunk) => chunk.data).join(''))).toEqual(
        a.record.sessions.map((session) => session.chunks.map((chunk) => chunk.data).join('')),
      );
    }
    // The same file again: imported under a new id.
    expect(other.service.import(json!.content!).renamed).toBe(true);
  });

  it('moves references between events to the new ids on import, from files with uids and from older files with seqs', () => {
    const { service } = setup();
    const incident = service.declare({ title: 'Refs', kind: 'practice' });
    const note = service.addNote(incident.id, 'first');
    service.editNote(incident.id, dataOf(note, 'note').noteId, 'second');
    service.star(note.seq, true);
    const [json] = service.export(incident.id, 'json', []);
    // The same file as a version before references were uids wrote it: no uids, refs by seq.
    const document = JSON.parse(json!.content!) as { events: Array<{ seq: number; uid?: string; kind: string; data: Record<string, unknown> }> };
    for (const event of document.events) {
      delete event.uid;
      if (event.kind === 'note.edited') event.data.editOf = note.seq;
      if (event.kind === 'event.starred') event.data = { seq: note.seq, starred: true };
    }
    for (const text of [json!.content!, JSON.stringify(document)]) {
      const other = setup();
      const imported = other.service.import(text);
      const events = other.events.list(imported.incidentId);
      const importedNote = events.find((event) => event.kind === 'note')!;
      expect(importedNote.uid).not.toBe(note.uid);
      expect(dataOf(events.find((event) => event.kind === 'note.edited'), 'note.edited').editOf).toBe(importedNote.uid);
      expect(dataOf(events.find((event) => event.kind === 'event.starred'), 'event.starred').eventUid).toBe(importedNote.uid);
      expect(other.service.starred(imported.incidentId)).toEqual([importedNote.seq]);
    }
  });

  it('refuses files that are not ours, of another version, or truncated, importing nothing', () => {
    const { service, incident } = incidentWithSecrets();
    const [json] = service.export(incident.id, 'json', []);
    const other = setup();
    const bad = [
      '{"hello": "world"}',
      json!.content!.replace('"version": 2', '"version": 99'),
      json!.content!.slice(0, Math.floor(json!.content!.length / 2)),
    ];
    for (const text of bad) expect(() => other.service.import(text)).toThrow(/not a Firebreak|version|truncated|ends early/i);
    expect(other.db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
    expect(other.db.prepare('SELECT count(*) AS n FROM incidents').get()).toEqual({ n: 0 });
  });

  it('writes to a path, and names an unwritable one clearly', () => {
    const { service, incident, dir } = incidentWithSecrets();
    const target = path.join(dir, 'out', 'pm.md');
    const [written] = service.export(incident.id, 'md', [], target);
    expect(written!.writtenTo).toBe(target);
    expect(fs.readFileSync(target, 'utf8')).toContain('Leaky');
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'x');
    expect(() => service.export(incident.id, 'md', [], path.join(blocker, 'pm.md'))).toThrow(/Cannot write the export to .*a-file/);
  });
});

describe('write-time redaction', () => {
  it('masks secrets in events before they reach the file', () => {
    const { service, file, events, db } = setup();
    service.setRedactAtWrite(true);
    const incident = service.declare({ title: 'Careful', kind: 'incident' });
    service.addNote(incident.id, `token ${GITHUB_TOKEN}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(file).includes(GITHUB_TOKEN)).toBe(false);
    expect(dataOf(events.list(incident.id).at(-2), 'note').text).toContain('[REDACTED:');
  });
});

describe('backups', () => {
  it('backs up now while the database is in use, keeping the newest three', async () => {
    let now = Date.parse('2024-05-14T10:00:00.000Z');
    const harness = setup({ clock: () => new Date(now) });
    Object.assign(harness.backups, { now: () => new Date(now) });
    harness.service.declare({ title: 'Backed up', kind: 'incident' });
    const taken = [];
    for (let i = 0; i < 5; i++) {
      now += 1000;
      taken.push(await harness.service.backupNow());
    }
    const kept = harness.service.backups();
    expect(kept.map((backup) => backup.path)).toEqual(taken.slice(-3).reverse().map((backup) => backup.path));
    const copy = openDatabase(kept[0]!.path);
    expect(copy.prepare('SELECT title FROM incidents').all()).toEqual([{ title: 'Backed up' }]);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });
});

describe('practice sessions', () => {
  it('close themselves when the responder moves on to a real incident or a drill', () => {
    const { service } = setup();
    const practice = service.active();
    expect(practice).toMatchObject({ kind: 'practice', status: 'investigating' });
    const real = service.declare({ title: 'Checkout 502s', kind: 'incident', severity: 'SEV2' });
    expect(service.get(practice.id).status).toBe('resolved');
    // A real incident left for another stays as it was.
    const drill = service.declare({ title: 'Game day', kind: 'drill' });
    expect(service.get(real.id).status).toBe('investigating');
    service.switchActive(real.id);
    expect(service.get(drill.id).status).toBe('investigating');
  });
});

describe('recorded output', () => {
  it("reads a run's or a session's output, keeping the end when it is capped", () => {
    const { service, db } = setup();
    const insert = db.prepare("INSERT INTO terminal_output (session_id, run_id, seq, ts, bytes) VALUES (?, ?, ?, '2024-05-14T10:00:00.000Z', ?)");
    insert.run('s1', null, 1, Buffer.from('prompt$ '));
    insert.run('s1', 'r1', 2, Buffer.from('line one\n'));
    insert.run('s1', 'r1', 3, Buffer.from('line two\n'));
    insert.run('s1', 'r2', 4, Buffer.from('other run\n'));
    insert.run('s1', 'r1', 5, Buffer.from('last: é\n'));

    expect(service.output({ runId: 'r1' }, 1_000)).toEqual({ data: 'line one\nline two\nlast: é\n', truncated: false });
    // Capped: the newest bytes are kept, cut inside the oldest row kept.
    expect(service.output({ runId: 'r1' }, 12)).toEqual({ data: 'wo\nlast: é\n', truncated: true });
    // Exactly the whole of the newest rows: nothing of the row before.
    expect(service.output({ runId: 'r1' }, 18)).toEqual({ data: 'line two\nlast: é\n', truncated: true });
    expect(service.output({ sessionId: 's1' }, 1_000).data).toBe('prompt$ line one\nline two\nother run\nlast: é\n');
    expect(service.output({ runId: 'nobody' }, 1_000)).toEqual({ data: '', truncated: false });
  });
});
