import type { Notification } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LiveTeamSync, type LiveSyncOptions, type SyncStatus } from './live-sync';
import { declareShared, joinByInvite } from './team-incidents';
import { startTestPostgres, type TestPostgres } from './testing/postgres-server';
import { makeResponder, type TestResponder } from './testing/responder';

let server: TestPostgres;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
  await server.addTeam('red', ['alice', 'bob']);
  await server.addTeam('blue', ['carol']);
}, 120_000);
afterAll(async () => server?.stop(), 60_000);
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function responder(name: string): TestResponder {
  const made = makeResponder(server, name);
  cleanups.push(() => made.close());
  return made;
}

function live(r: TestResponder, options: Partial<LiveSyncOptions> = {}): { sync: LiveTeamSync; statuses: SyncStatus[] } {
  const statuses: SyncStatus[] = [];
  const sync = new LiveTeamSync(r.store, r.sync, {
    connect: () => r.connect(),
    displayName: r.name,
    activeIncident: () => r.events.activeIncidentId(),
    onStatus: (status) => statuses.push(status),
    pollMs: 60_000,
    retryMs: 100,
    ...options,
  });
  sync.start();
  cleanups.push(() => sync.stop());
  return { sync, statuses };
}

/** Waits (polling the local record, never asserting a duration) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function sharedIncident(alice: TestResponder, bob: TestResponder): Promise<string> {
  const { incident, inviteCode } = await alice.online((client) => declareShared(client, alice.incidents, alice.store, { title: 'Live', kind: 'incident' }, 'red'));
  await alice.online((client) => alice.sync.push(client));
  await bob.online(async (client) => {
    await joinByInvite(client, bob.store, inviteCode);
    await bob.sync.pullIncident(client, incident.id);
  });
  return incident.id;
}

const hasNote = (r: TestResponder, incidentId: string, text: string) => r.events.list(incidentId).some((event) => event.kind === 'note' && event.data.text === text);

describe('live team sync', () => {
  it('delivers an event to another responder through NOTIFY (the next poll a minute away), and shows who is on the incident', async () => {
    const alice = responder('alice');
    const bob = responder('bob');
    const incidentId = await sharedIncident(alice, bob);
    const a = live(alice);
    const b = live(bob);
    await until(() => a.sync.current().state === 'synced' && b.sync.current().state === 'synced', 'both connected');

    alice.incidents.addNote(incidentId, 'seen live');
    a.sync.nudge();
    await until(() => hasNote(bob, incidentId, 'seen live'), "bob to get alice's note");
    expect(bob.events.list(incidentId).find((event) => event.kind === 'note')?.actor).toBe('alice');

    const present = await a.sync.presence(incidentId);
    expect(present.map((p) => p.displayName)).toEqual(['alice', 'bob']);
  });

  it('falls back to polling without LISTEN', async () => {
    const alice = responder('alice');
    const bob = responder('bob');
    const incidentId = await sharedIncident(alice, bob);
    const a = live(alice);
    live(bob, { listen: false, pollMs: 100 });
    alice.incidents.addNote(incidentId, 'found by polling');
    a.sync.nudge();
    await until(() => hasNote(bob, incidentId, 'found by polling'), 'the poll to bring the note');
  });

  it('says offline since when while PostgreSQL is down, keeps recording, and catches up when it is back', async () => {
    const alice = responder('alice');
    const bob = responder('bob');
    const incidentId = await sharedIncident(alice, bob);
    const a = live(alice);
    live(bob);
    await until(() => a.sync.current().state === 'synced', 'alice connected');

    await server.crash();
    try {
      await until(() => a.sync.current().state === 'offline', 'alice to notice');
      for (let i = 0; i < 20; i++) alice.incidents.addNote(incidentId, `offline ${i}`);
      a.sync.nudge();
      expect(a.sync.current()).toMatchObject({ state: 'offline', pending: 20 });
      expect(a.sync.current().offlineSince).not.toBeNull();
    } finally {
      await server.start();
    }
    await until(() => a.sync.current().state === 'synced' && hasNote(bob, incidentId, 'offline 19'), 'both back and caught up');
    expect(a.statuses.some((status) => status.state === 'offline')).toBe(true);
    expect(a.sync.current()).toMatchObject({ pending: 0, offlineSince: null });
    expect(bob.events.list(incidentId).filter((event) => event.kind === 'note')).toHaveLength(20);
  }, 60_000);

  it("tells another team's listener nothing about an incident: no notification, no incident id", async () => {
    const alice = responder('alice');
    const bob = responder('bob');
    const carol = responder('carol');
    const incidentId = await sharedIncident(alice, bob);
    const a = live(alice);
    live(bob);
    // carol listens as hard as she can: on the channel every listener once shared, and on every channel her policies let her name.
    const heard: Notification[] = [];
    const listener = await carol.connect();
    cleanups.push(() => listener.end());
    listener.on('notification', (message) => heard.push(message));
    await listener.query('LISTEN firebreak_events');
    const visible = await listener.query<{ name: string; notify_channel: string }>('SELECT name, notify_channel FROM firebreak.teams');
    expect(visible.rows.map((row) => row.name)).toEqual(['blue']);
    for (const row of visible.rows) await listener.query(`LISTEN "${row.notify_channel}"`);
    live(carol);
    await until(() => a.sync.current().state === 'synced', 'alice connected');

    alice.incidents.addNote(incidentId, 'red only');
    a.sync.nudge();
    await until(() => hasNote(bob, incidentId, 'red only'), "bob (red) to hear of alice's note");
    // A notification to carol would have arrived by now: bob's came through the same server.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual([]);
    expect(JSON.stringify(heard)).not.toContain(incidentId);
  });
});
