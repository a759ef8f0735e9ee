import { describe, expect, it } from 'vitest';
import type { SyncEvent } from '../store/sync-store';
import { declareShared, joinByInvite, TeamAccessError } from './team-incidents';
import { useTeamServer, type TeamTestServer, type TestResponder } from './testing/responder';

const team = useTeamServer({ red: ['alice', 'bob', 'dave'], blue: ['carol'] });

const responder = (name: string, options: Parameters<TeamTestServer['responder']>[1] = {}): TestResponder => team.responder(name, options);

async function serverEvents(incidentId: string): Promise<{ uid: string; n: number }[]> {
  return team.server.admin('SELECT uid::text, count(*)::int AS n FROM firebreak.events WHERE incident_id = $1 GROUP BY uid', [incidentId]);
}

/** What responders must agree on: every event's global id, author, clock, kind and data, in clock order. */
function agreed(r: TestResponder, incidentId: string): (Omit<SyncEvent, 'data'> & { data: unknown })[] {
  return r.store.canonicalTimeline(incidentId).map((event) => ({ ...event, data: JSON.parse(event.data) as unknown }));
}

async function shared(owner: TestResponder, title: string) {
  return owner.online((client) => declareShared(client, owner.incidents, owner.store, { title, kind: 'incident', severity: 'SEV1' }, 'red'));
}

async function join(r: TestResponder, code: string) {
  return r.online(async (client) => {
    const joined = await joinByInvite(client, r.store, code);
    await r.sync.pullIncident(client, joined.incidentId);
    return joined;
  });
}

describe('team sync against a real PostgreSQL', () => {
  it('brings three responders on one incident to the same timeline, each event once, with its author', async () => {
    const alice = responder('alice');
    const bob = responder('bob');
    const dave = responder('dave');
    const { incident, inviteCode } = await shared(alice, 'Checkout errors');
    await alice.online((client) => alice.sync.sync(client));
    await join(bob, inviteCode);
    await join(dave, `firebreak://join/${inviteCode.toLowerCase()}`);
    expect(bob.events.activeIncidentId()).toBe(incident.id);

    for (let round = 0; round < 3; round++) {
      for (const r of [alice, bob, dave]) r.incidents.addNote(incident.id, `${r.name} round ${round}`);
      for (const r of [alice, bob, dave]) await r.online((client) => r.sync.sync(client));
    }
    for (const r of [alice, bob, dave]) await r.online((client) => r.sync.sync(client));

    const reference = agreed(alice, incident.id);
    expect(reference).toHaveLength(1 + 9);
    expect(agreed(bob, incident.id)).toEqual(reference);
    expect(agreed(dave, incident.id)).toEqual(reference);
    expect((await serverEvents(incident.id)).every((row) => row.n === 1)).toBe(true);
    expect(await serverEvents(incident.id)).toHaveLength(10);
    const bobsNote = bob.events.list(incident.id).find((event) => event.kind === 'note' && event.data.text === 'dave round 2');
    expect(bobsNote?.actor).toBe('dave');
    expect(bob.store.pendingCount()).toBe(0);
  });

  it('loses and doubles nothing when PostgreSQL is killed in the middle of a push and restarted', async () => {
    const alice = responder('alice', {
      batchSize: 200,
      onPushStage: async (stage, batch) => {
        // Killed before the second batch commits; then, on the next push, killed after a commit whose answer never arrives.
        if (crashAt && stage === crashAt.stage && batch[0]!.seq >= crashAt.fromSeq) {
          const { stage: at } = crashAt;
          crashAt = undefined;
          await team.server.crash();
          // After a commit, the answer is what gets lost: alice's side sees the connection drop.
          if (at === 'committed') throw new Error('Connection terminated before the commit was acknowledged');
        }
      },
    });
    let crashAt: { stage: 'inserted' | 'committed'; fromSeq: number } | undefined;
    const bob = responder('bob');
    const { incident, inviteCode } = await shared(alice, 'Disk full on db-3');
    for (let i = 0; i < 999; i++) alice.incidents.addNote(incident.id, `note ${i}`);
    const firstSeq = alice.store.pending(1)[0]!.seq;

    crashAt = { stage: 'inserted', fromSeq: firstSeq + 200 };
    await expect(alice.online((client) => alice.sync.push(client))).rejects.toThrow();
    await team.server.start();
    expect(await serverEvents(incident.id)).toHaveLength(200);
    expect(alice.store.pendingCount()).toBe(800);

    crashAt = { stage: 'committed', fromSeq: firstSeq + 400 };
    await expect(alice.online((client) => alice.sync.push(client))).rejects.toThrow();
    await team.server.start();
    // The batch committed, but alice never heard: it is still in her outbox and will be pushed again.
    expect(await serverEvents(incident.id)).toHaveLength(600);
    expect(alice.store.pendingCount()).toBe(600);

    await alice.online((client) => alice.sync.push(client));
    expect(alice.store.pendingCount()).toBe(0);
    const rows = await serverEvents(incident.id);
    expect(rows).toHaveLength(1000);
    expect(rows.every((row) => row.n === 1)).toBe(true);

    await join(bob, inviteCode);
    expect(agreed(bob, incident.id)).toEqual(agreed(alice, incident.id));
  }, 120_000);

  it('catches up a responder who was offline for 1,000 events, both ways', async () => {
    const alice = responder('alice');
    const bob = responder('bob');
    const { incident, inviteCode } = await shared(alice, 'Region failover');
    await alice.online((client) => alice.sync.push(client));
    await join(bob, inviteCode);

    // bob loses the network: he keeps working and recording, alice too.
    for (let i = 0; i < 1000; i++) bob.incidents.addNote(incident.id, `offline ${i}`);
    for (let i = 0; i < 50; i++) alice.incidents.addNote(incident.id, `online ${i}`);
    await alice.online((client) => alice.sync.sync(client));
    expect(bob.store.pendingCount()).toBe(1000);

    await bob.online((client) => bob.sync.sync(client));
    await alice.online((client) => alice.sync.sync(client));
    expect(bob.store.pendingCount()).toBe(0);
    expect(agreed(alice, incident.id)).toHaveLength(1 + 1000 + 50);
    expect(agreed(bob, incident.id)).toEqual(agreed(alice, incident.id));
  }, 120_000);

  it('stores an event pushed twice, or pulled twice, once', async () => {
    const alice = responder('alice');
    const bob = responder('bob');
    const { incident, inviteCode } = await shared(alice, 'Cache stampede');
    alice.incidents.addNote(incident.id, 'first');
    await alice.online((client) => alice.sync.push(client));
    // The same events again (an outbox replayed from a backup, a retried push).
    alice.db.prepare('INSERT INTO sync_outbox (seq) SELECT seq FROM events WHERE incident_id = ?').run(incident.id);
    expect(alice.store.pendingCount()).toBe(2);
    await alice.online((client) => alice.sync.push(client));
    expect(await serverEvents(incident.id)).toEqual(expect.arrayContaining([expect.objectContaining({ n: 1 })]));
    expect(await serverEvents(incident.id)).toHaveLength(2);

    await join(bob, inviteCode);
    bob.db.prepare('UPDATE team_incidents SET cursor = 0').run();
    await bob.online((client) => bob.sync.pull(client));
    expect(bob.events.list(incident.id)).toHaveLength(2);
  });

  it('orders events by hybrid logical clock across skewed wall clocks', async () => {
    const alice = responder('alice', { skewMs: 60 * 60_000 });
    const bob = responder('bob', { skewMs: -60 * 60_000 });
    const { incident, inviteCode } = await shared(alice, 'Clock skew');
    alice.incidents.addNote(incident.id, 'said first, by a clock an hour fast');
    await alice.online((client) => alice.sync.push(client));
    await join(bob, inviteCode);
    bob.incidents.addNote(incident.id, 'said after reading it, by a clock an hour slow');
    await bob.online((client) => bob.sync.sync(client));
    await alice.online((client) => alice.sync.sync(client));
    const texts = agreed(alice, incident.id).map((event) => (event.data as { text?: string }).text);
    expect(texts.slice(1)).toEqual(['said first, by a clock an hour fast', 'said after reading it, by a clock an hour slow']);
    expect(agreed(bob, incident.id)).toEqual(agreed(alice, incident.id));
  });

  it('gives a responder no rights to another team\'s incident', async () => {
    const alice = responder('alice');
    const carol = responder('carol');
    const { incident, inviteCode } = await shared(alice, 'Red team only');
    alice.incidents.addNote(incident.id, 'red eyes only');
    await alice.online((client) => alice.sync.push(client));

    await expect(carol.online((client) => joinByInvite(client, carol.store, inviteCode))).rejects.toThrow(TeamAccessError);
    await expect(
      carol.online((client) => declareShared(client, carol.incidents, carol.store, { title: 'Into red', kind: 'incident' }, 'red')),
    ).rejects.toThrow(/not a member of the team "red"/);

    // Even with the incident's id forged into her record, she can neither push into it nor read it.
    carol.db
      .prepare("INSERT INTO incidents (id, title, kind, created_at) VALUES (?, 'forged', 'incident', 'now')")
      .run(incident.id);
    carol.store.share(incident.id, 'red', inviteCode);
    carol.incidents.addNote(incident.id, 'from blue');
    await expect(carol.online((client) => carol.sync.push(client))).rejects.toThrow(/row-level security/);
    expect(carol.store.pendingCount()).toBe(1);
    expect(await carol.online((client) => carol.sync.pull(client))).toEqual([]);
    expect(await serverEvents(incident.id)).toHaveLength(2);
  });
});

describe('shared incident fields', () => {
  it('merge to the same incident on three responders, one of them offline, concurrent postmortem edits kept', async () => {
    const alice = responder('alice');
    const bob = responder('bob');
    const dave = responder('dave');
    const { incident, inviteCode } = await shared(alice, 'Queue backlog');
    await alice.online((client) => alice.sync.push(client));
    await join(bob, inviteCode);
    await join(dave, inviteCode);
    expect(bob.incidents.get(incident.id)).toMatchObject({ title: 'Queue backlog', severity: 'SEV1', status: 'investigating' });

    // dave goes offline and writes a postmortem summary; alice and bob keep going online.
    dave.incidents.updateMetadata(incident.id, { postmortem: { summary: 'Consumers stalled on a poison message.' } });
    alice.incidents.updateMetadata(incident.id, { postmortem: { summary: 'Backlog grew after the 09:00 deploy.' } });
    alice.incidents.setStatus(incident.id, 'identified');
    await alice.online((client) => alice.sync.sync(client));
    await bob.online((client) => bob.sync.sync(client));
    bob.incidents.setStatus(incident.id, 'mitigated');
    bob.incidents.setRoles(incident.id, { commander: 'bob' });
    await bob.online((client) => bob.sync.sync(client));
    await alice.online((client) => alice.sync.sync(client));

    // dave is back.
    for (const r of [dave, alice, bob, dave]) await r.online((client) => r.sync.sync(client));

    const reference = alice.incidents.get(incident.id)!;
    expect(reference.status).toBe('mitigated');
    expect(reference.commander).toBe('bob');
    expect(reference.postmortem.summary).toContain('Backlog grew after the 09:00 deploy.');
    expect(reference.postmortem.summary).toContain('Consumers stalled on a poison message.');
    expect(bob.incidents.get(incident.id)).toEqual(reference);
    expect(dave.incidents.get(incident.id)).toEqual(reference);
    expect(agreed(dave, incident.id)).toEqual(agreed(alice, incident.id));
    expect(agreed(bob, incident.id)).toEqual(agreed(alice, incident.id));
  });
});
