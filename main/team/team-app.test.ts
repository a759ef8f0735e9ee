import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamSyncStatus } from '../../shared/model/team-sync-status';
import type { TimelineEvent } from '../../shared/model/timeline';
import { databasePathIn } from '../platform/app-paths';
import { SettingsStore } from '../settings/settings-store';
import { EventStore } from '../store/event-store';
import { openDatabase } from '../store/open-database';
import { SyncStore } from '../store/sync-store';
import { contractCaller, createTestApp, disposeTestApps } from '../testing/test-app';
import { waitFor } from '../testing/wait-for';
import { declareShared, joinByInvite } from './team-incidents';
import { DISPLAY_NAME_KEY, TEAM_NAME_KEY, TEAM_URL_KEY } from './team-connection';
import { TeamSync } from './team-sync';
import { makeResponder, useTeamServer, type TestResponder } from './testing/responder';

const teamServer = useTeamServer({ red: ['alice', 'bob'] }, { pgpass: ['bob'] });
const cleanups: (() => void)[] = [];

afterEach(async () => {
  disposeTestApps();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('the app on a shared incident', () => {
  it('shows other responders\' events live with their authors, pushes its own, says its sync state and who is there', async () => {
    const alice: TestResponder = makeResponder(teamServer.server, 'alice');
    cleanups.push(() => alice.close());
    const { incident, inviteCode } = await alice.online((client) => declareShared(client, alice.incidents, alice.store, { title: 'API down', kind: 'incident' }, 'red'));
    await alice.online((client) => alice.sync.push(client));

    // bob's data folder: connected to the team (no password stored: .pgpass) and on the incident.
    const bobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-team-app-bob-'));
    cleanups.push(() => fs.rmSync(bobDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    const settings = new SettingsStore(bobDir);
    settings.setPreference(TEAM_URL_KEY, `postgres://bob@127.0.0.1:${teamServer.server.port}/postgres?sslmode=disable`);
    settings.setPreference(TEAM_NAME_KEY, 'red');
    settings.setPreference(DISPLAY_NAME_KEY, 'Bob (DB)');
    const bobEvents = new EventStore(openDatabase(databasePathIn(bobDir)), 'bob');
    const bobSync = new SyncStore(bobEvents);
    const client = new Client({ connectionString: teamServer.server.url('bob') });
    await client.connect();
    try {
      await joinByInvite(client, bobSync, inviteCode);
      await new TeamSync(bobSync).pullIncident(client, incident.id);
    } finally {
      await client.end();
    }
    bobEvents.close();

    const app = createTestApp({ name: 'team-app', dataDir: bobDir });
    cleanups.push(() => fs.rmSync(app.root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    const call = contractCaller(app.services);
    await waitFor(() => app.seen.some((seen) => seen.channel === 'team:status' && (seen.payload as TeamSyncStatus).state === 'synced'), 'bob synced');
    expect(await call<TeamSyncStatus>('team:status', {})).toMatchObject({ connected: true, team: 'red', state: 'synced', pending: 0 });

    alice.incidents.addNote(incident.id, 'restarting the api pods');
    await alice.online((c) => alice.sync.push(c));
    const shown = await waitFor(
      () => app.seen.find((seen) => seen.channel === 'timeline:appended' && (seen.payload as TimelineEvent).kind === 'note')?.payload as TimelineEvent | undefined,
      "alice's note on bob's timeline",
    );
    expect(shown.actor).toBe('alice');

    await call('note:add', { incidentId: incident.id, text: 'db failover done' });
    await waitFor(() => {
      void alice.online((c) => alice.sync.pull(c)).catch(() => undefined);
      return alice.events.list(incident.id).some((event) => event.kind === 'note' && event.data.text === 'db failover done');
    }, "bob's note at alice");
    expect(alice.events.list(incident.id).find((event) => event.kind === 'note' && event.data.text === 'db failover done')?.actor).toBe('Bob (DB)');

    const present = await call<{ displayName: string }[]>('team:presence', { incidentId: incident.id });
    expect(present.map((p) => p.displayName)).toEqual(['Bob (DB)']);

    // The app turns full-output sharing on through the contract; the setting is an event every responder gets.
    expect(await call('team:share-output', { incidentId: incident.id, enabled: true, capBytes: 1024 * 1024 })).toEqual({ enabled: true, capBytes: 1024 * 1024 });
    await waitFor(() => {
      void alice.online((c) => alice.sync.pull(c)).catch(() => undefined);
      return alice.store.outputSharing(incident.id).enabled;
    }, 'the setting at alice');
    expect(alice.store.outputSharing(incident.id)).toEqual({ enabled: true, capBytes: 1024 * 1024 });
    await expect(call('team:share-output', { incidentId: incident.id, enabled: false, capBytes: 0 })).rejects.toThrow();
  }, 60_000);
});
