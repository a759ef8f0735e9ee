import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamConnection, TeamInvite } from '../../shared/model/team-connection';
import type { TeamSyncStatus } from '../../shared/model/team-sync-status';
import type { TimelineEvent } from '../../shared/model/timeline';
import { contractCaller, createTestApp, disposeTestApps } from '../testing/test-app';
import { waitFor } from '../testing/wait-for';
import { SealedPasswordFile, type Sealer } from './sealed-password';
import { useTeamServer } from './testing/responder';

// bob is on a host without a keychain (the browser host): his password is in a .pgpass, as the CLI's.
const teamServer = useTeamServer({ red: ['alice', 'bob'], blue: ['carol'] }, { pgpass: ['bob'] });
const cleanups: (() => void)[] = [];

/** A stand-in for Electron safeStorage: reversible, but never the clear text on disk. */
const fakeKeychain: Sealer = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a)),
  decryptString: (sealed) => Buffer.from(sealed.map((byte) => byte ^ 0x5a)).toString('utf8'),
};

afterEach(() => {
  disposeTestApps();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const urlFor = (role: string) => `postgres://${role}@127.0.0.1:${teamServer.server.port}/postgres?sslmode=disable`;

describe('the Team panel on the contract', () => {
  it('connects (password sealed, never in clear), shares an incident, and another responder joins it by link and sees its notes with their author', async () => {
    const alice = createTestApp({ name: 'panel-alice' });
    cleanups.push(() => fs.rmSync(alice.root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    const sealed = new SealedPasswordFile(path.join(alice.dataDir, 'team-password.sealed'), fakeKeychain);
    disposeTestApps();
    const aliceApp = createTestApp({
      name: 'panel-alice',
      dataDir: alice.dataDir,
      services: { teamPassword: async () => sealed.read(), saveTeamPassword: (password) => sealed.write(password) },
    });
    const callA = contractCaller(aliceApp.services);

    const before = await callA<TeamConnection>('team:connection', {});
    expect(before).toMatchObject({ url: null, team: null, passwordStorage: 'keychain', passwordStored: false, sharedIncidents: 0 });

    // What the responder can get wrong is said, and nothing is stored.
    await expect(callA('team:connect', { url: teamServer.server.url('alice'), team: 'red' })).rejects.toThrow(/holds a password/);
    await expect(callA('team:connect', { url: urlFor('alice'), team: 'red', password: 'wrong' })).rejects.toThrow(/Cannot reach the team database/);
    await expect(callA('team:connect', { url: urlFor('alice'), team: 'blue', password: 'alice' })).rejects.toThrow(/not a member of the team "blue"/);
    expect(await callA<TeamConnection>('team:connection', {})).toMatchObject({ url: null, passwordStored: false });
    expect(fs.existsSync(sealed.file)).toBe(false);

    const connected = await callA<TeamConnection>('team:connect', { url: urlFor('alice'), team: 'red', displayName: 'Alice (IC)', password: 'alice' });
    expect(connected).toMatchObject({ team: 'red', displayName: 'Alice (IC)', passwordStorage: 'keychain', passwordStored: true });
    expect(connected.url).toContain('alice@127.0.0.1');
    expect(fs.readFileSync(sealed.file).includes('alice')).toBe(false);
    expect(fs.readFileSync(path.join(aliceApp.dataDir, 'settings.json'), 'utf8')).not.toMatch(/"alice"|password/i);
    await waitFor(() => aliceApp.services.team?.status().state === 'synced', 'alice synced');
    expect(await callA<TeamSyncStatus>('team:status', {})).toMatchObject({ connected: true, team: 'red', state: 'synced' });

    const { id: incidentId } = await callA<{ id: string }>('incident:declare', { title: 'Checkout 502s', severity: 'SEV2' });
    expect(await callA<TeamInvite | null>('team:invite', { incidentId })).toBeNull();
    const invite = await callA<TeamInvite>('team:share', { incidentId });
    expect(invite.inviteCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(invite.inviteLink).toBe(`firebreak://join/${invite.inviteCode}`);
    // Sharing twice keeps the code.
    expect(await callA<TeamInvite>('team:share', { incidentId })).toEqual(invite);
    expect(await callA<TeamInvite | null>('team:invite', { incidentId })).toEqual(invite);

    // bob: the browser host (no keychain): a password is refused with where to put it, .pgpass is used.
    const bob = createTestApp({ name: 'panel-bob' });
    cleanups.push(() => fs.rmSync(bob.root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    const callB = contractCaller(bob.services);
    expect(await callB<TeamConnection>('team:connection', {})).toMatchObject({ passwordStorage: 'pgpass', passwordStored: false });
    await expect(callB('team:connect', { url: urlFor('bob'), team: 'red', password: 'bob' })).rejects.toThrow(/pgpass/);
    await expect(callB('team:join', { invite: invite.inviteCode })).rejects.toThrow(/not connected to a team/);
    // The app's search reaches the team server only once connected.
    expect(await callB('team:search', { text: 'checkout' })).toBeNull();
    await callB('team:connect', { url: urlFor('bob'), team: 'red', displayName: 'Bob (DB)' });
    // Before joining, the search already finds the team's incident, with the invite to join it by.
    const found = await callB<{ id: string; inviteCode: string; title: string }[]>('team:search', { text: 'checkout' });
    expect(found.map((incident) => [incident.id, incident.inviteCode, incident.title])).toEqual([[incidentId, invite.inviteCode, 'Checkout 502s']]);
    expect(await callB('team:search', { text: 'nothing-like-this' })).toEqual([]);
    await expect(callB('team:join', { invite: 'ZZZZZ-ZZZZZ' })).rejects.toThrow(/No incident of your teams has the invite code/);
    const joined = await callB<{ incidentId: string; title: string; pulled: number }>('team:join', { invite: invite.inviteLink.toLowerCase() });
    expect(joined).toMatchObject({ incidentId, title: 'Checkout 502s' });
    expect(joined.pulled).toBeGreaterThan(0);
    expect(await callB<{ id: string }>('incident:active', {})).toMatchObject({ id: incidentId });
    await waitFor(() => bob.services.team?.status().state === 'synced', 'bob synced');

    await callA('note:add', { incidentId, text: 'rolled back checkout to v41' });
    const shown = await waitFor(
      () => bob.seen.find((seen) => seen.channel === 'timeline:appended' && (seen.payload as TimelineEvent).kind === 'note')?.payload as TimelineEvent | undefined,
      "alice's note on bob's timeline",
    );
    expect(shown.actor).toBe('Alice (IC)');
    await waitFor(() => bob.services.team?.status().state === 'synced', 'bob synced after the note');
    expect(await callB<{ lag: number | null }>('team:lag', {})).toEqual({ lag: 0 });
    const status = await callB<TeamConnection>('team:connection', {});
    expect(status).toMatchObject({ team: 'red', displayName: 'Bob (DB)', sharedIncidents: 1 });
    expect(status.lastPullAt).not.toBeNull();
    // Words of an event, not only the title, are found by the team's full-text search.
    const byNote = await callB<{ id: string; matches: number | null }[]>('team:search', { text: 'rolled back' });
    expect(byNote).toEqual([expect.objectContaining({ id: incidentId, matches: 1 })]);
  }, 90_000);

  it('asks the keychain whether a password is kept once, not on every read of the connection', async () => {
    const carol = createTestApp({ name: 'panel-carol' });
    cleanups.push(() => fs.rmSync(carol.root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    const sealed = new SealedPasswordFile(path.join(carol.dataDir, 'team-password.sealed'), fakeKeychain);
    let asked = 0;
    disposeTestApps();
    const carolApp = createTestApp({
      name: 'panel-carol',
      dataDir: carol.dataDir,
      services: {
        teamPassword: async () => {
          asked += 1;
          return sealed.read();
        },
        saveTeamPassword: (password) => sealed.write(password),
      },
    });
    const call = contractCaller(carolApp.services);
    for (let i = 0; i < 3; i += 1) expect(await call<TeamConnection>('team:connection', {})).toMatchObject({ passwordStored: false });
    expect(asked).toBe(1);
    await call('team:set-password', { password: 'carol' });
    expect(await call<TeamConnection>('team:connection', {})).toMatchObject({ passwordStored: true });
    expect(asked).toBe(1);
  });
});
