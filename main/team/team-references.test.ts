import { describe, expect, it } from 'vitest';
import { renderIncidentJson, renderPostmortemMarkdown, type IncidentRecord } from '../../shared/export';
import { humanTimeline } from '../../shared/export/human-timeline';
import { dataOf } from '../../shared/model/timeline';
import { readIncidentRecord } from '../store/incident-record-reader';
import { declareShared, joinByInvite } from './team-incidents';
import { useTeamServer, type TestResponder } from './testing/responder';

/**
 * References between events (a note's edit, a star) travel between
 * responders whose databases number the same events differently: they must
 * name the event's global id, not the author's local seq.
 */
const team = useTeamServer({ red: ['alice', 'bob'] });

const responder = (name: string): TestResponder => team.responder(name);

const EXPORTED_AT = '2026-01-01T00:00:00.000Z';

function exportsOf(r: TestResponder, incidentId: string): { record: IncidentRecord; json: string; markdown: string } {
  const record = readIncidentRecord(r.events, r.incidents, incidentId);
  return { record, json: renderIncidentJson(record, { generatedAt: EXPORTED_AT }), markdown: renderPostmortemMarkdown(record, { generatedAt: EXPORTED_AT }) };
}

describe('references between events across responders', () => {
  it('applies an edit and a star made by another responder, whose seqs differ, to the right note in both exports', async () => {
    const alice = responder('alice');
    const bob = responder('bob');
    // bob's database numbers events differently: he worked a practice incident first.
    const practice = bob.incidents.declare({ title: 'Practice', kind: 'practice' }).incident;
    for (let i = 0; i < 7; i++) bob.incidents.addNote(practice.id, `practice note ${i}`);

    const { incident, inviteCode } = await alice.online((client) =>
      declareShared(client, alice.incidents, alice.store, { title: 'Checkout errors', kind: 'incident', severity: 'SEV2' }, 'red'),
    );
    alice.incidents.addNote(incident.id, 'First guess: the cache');
    const target = alice.incidents.addNote(incident.id, 'Pool at 300/300').events[0]!;
    alice.incidents.addNote(incident.id, 'Deploy went out at 03:10');
    await alice.online((client) => alice.sync.sync(client));
    await bob.online(async (client) => {
      const joined = await joinByInvite(client, bob.store, inviteCode);
      await bob.sync.pullIncident(client, joined.incidentId);
    });

    const bobsCopy = bob.events.list(incident.id).find((event) => event.uid === target.uid)!;
    expect(bobsCopy.seq).not.toBe(target.seq);
    bob.incidents.editNote(incident.id, dataOf(bobsCopy, 'note').noteId, 'Pool at 300/300: DB_POOL_SIZE lowered by the deploy');
    bob.incidents.star(bobsCopy.seq, true);
    await bob.online((client) => bob.sync.sync(client));
    await alice.online((client) => alice.sync.sync(client));

    const starEvent = alice.events.list(incident.id).find((event) => event.kind === 'event.starred')!;
    expect(dataOf(starEvent, 'event.starred')).toEqual({ eventUid: target.uid, starred: true });
    const editEvent = alice.events.list(incident.id).find((event) => event.kind === 'note.edited')!;
    expect(dataOf(editEvent, 'note.edited').editOf).toBe(target.uid);
    expect(alice.incidents.starredSeqs(incident.id)).toEqual(new Set([target.seq]));

    const fromAlice = exportsOf(alice, incident.id);
    const fromBob = exportsOf(bob, incident.id);
    for (const { record, markdown } of [fromAlice, fromBob]) {
      const starred = record.events.filter((event) => event.starred);
      expect(starred.map((event) => event.uid)).toEqual([target.uid]);
      const rows = humanTimeline(record).filter((row) => row.label === 'Note');
      expect(rows.map((row) => [row.summary, row.edited, row.starred])).toEqual([
        ['First guess: the cache', false, false],
        ['Pool at 300/300: DB_POOL_SIZE lowered by the deploy', true, true],
        ['Deploy went out at 03:10', false, false],
      ]);
      expect(markdown).toContain('★ ');
      expect(markdown).toContain('Pool at 300/300: DB_POOL_SIZE lowered by the deploy _(edited)_');
    }
    expect(fromBob.json).toBe(fromAlice.json);
    expect(fromBob.markdown).toBe(fromAlice.markdown);

    // bob takes the star off again; alice follows.
    bob.incidents.star(bobsCopy.seq, false);
    await bob.online((client) => bob.sync.sync(client));
    await alice.online((client) => alice.sync.sync(client));
    expect(alice.incidents.starredSeqs(incident.id).size).toBe(0);
  }, 120_000);
});
