import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { BROWSER_HOST_FILE, writeInstanceFile } from '../alerts/running-instances';
import { startBrowserHost } from '../host/browser-host';
import { runCliInProcess } from '../testing/run-cli';
import { contractCaller, createTestApp, disposeTestApps } from '../testing/test-app';
import { deliverLink, inProcessEngine } from './engine-connection';

afterAll(disposeTestApps);
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs the CLI in this process on `dataDir`, capturing what it prints. */
const firebreak = (dataDir: string, ...args: string[]) => runCliInProcess(['--data-dir', dataDir, ...args]);

describe('invite links (firebreak://join/CODE)', () => {
  it('deliverLink hands the normalised code to the page as team:invite-opened, kept until taken; a bad code is a clear bad_request', async () => {
    const { services } = createTestApp({ name: 'invite-link', services: { watchRunbooks: false } });
    const invites: unknown[] = [];
    services.hub.subscribe((channel, payload) => {
      if (channel === 'team:invite-opened') invites.push(payload);
    });
    // Read as typed aloud: lower case, no dash, O for 0.
    expect(deliverLink(services, 'firebreak://join/abcdeo2345')).toEqual({ ok: true, value: null });
    expect(invites).toEqual([{ invite: 'ABCDE-02345' }]);
    // Nothing joined: the incident on this machine is unchanged and no team call was made.
    const taken = await contractCaller(services)<{ link: unknown; invite: string | null }>('links:take', {});
    expect(taken).toEqual({ link: null, invite: 'ABCDE-02345' });
    expect((await contractCaller(services)<{ invite: string | null }>('links:take', {})).invite).toBeNull();

    const bad = deliverLink(services, 'firebreak://join/not-a-code');
    expect(bad).toEqual({ ok: false, error: { code: 'bad_request', message: '"firebreak://join/not-a-code" is not an invite: expected firebreak://join/XXXXX-XXXXX (10 letters and digits).' } });
    expect(deliverLink(services, 'firebreak://join/')).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(invites).toHaveLength(1);
    // A runbook link still goes the runbook way.
    expect(deliverLink(services, 'firebreak://runbook/nope')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await services.shutdown();
  });

  it('the browser host opens /open?join=CODE (token-protected), and `firebreak open` hands an invite to it or says how to join', async () => {
    const { services, root, dataDir } = createTestApp({ name: 'invite-host', services: { watchRunbooks: false } });
    const renderer = path.join(root, 'renderer');
    fs.mkdirSync(renderer);
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Firebreak</title>');
    const invites: unknown[] = [];
    services.hub.subscribe((channel, payload) => {
      if (channel === 'team:invite-opened') invites.push(payload);
    });
    const host = await startBrowserHost({ engine: inProcessEngine(services), rendererDir: renderer, port: 0 });
    const base = `http://127.0.0.1:${host.port}`;
    try {
      expect((await fetch(`${base}/open?join=ABCDE-12345`, { redirect: 'manual' })).status).toBe(401);
      const opened = await fetch(`${base}/open?token=${host.token}&join=abcde-12345`, { redirect: 'manual' });
      expect(opened.status).toBe(303);
      expect(opened.headers.get('location')).toBe('/');
      expect(invites).toEqual([{ invite: 'ABCDE-12345' }]);
      const bad = await fetch(`${base}/open?token=${host.token}&join=%3Cscript%3E`, { redirect: 'manual' });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('is not an invite');

      // No app or host running for this data folder: it says how to join, and exits 0.
      const alone = await firebreak(dataDir, 'open', 'firebreak://join/FGHJK-67890');
      expect(alone.code).toBe(0);
      expect(alone.stdout).toContain('Invite FGHJK-67890. Nothing joined. To join from here: firebreak team join FGHJK-67890');
      expect(invites).toHaveLength(1);

      // With the host running: handed to it; the page will get the code for its Join field.
      const forget = writeInstanceFile(dataDir, BROWSER_HOST_FILE, { pid: process.pid, port: host.port, token: host.token });
      try {
        const handed = await firebreak(dataDir, 'open', 'firebreak://join/FGHJK-67890');
        expect(handed.code).toBe(0);
        expect(handed.stdout).toContain(`Handed to the Firebreak browser host on 127.0.0.1:${host.port}.`);
        expect(handed.stdout).toContain('press Join there');
        expect(invites.at(-1)).toEqual({ invite: 'FGHJK-67890' });
      } finally {
        forget();
      }

      const refused = await firebreak(dataDir, 'open', 'firebreak://join/XYZ');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('"firebreak://join/XYZ" is not an invite: expected firebreak://join/XXXXX-XXXXX');
    } finally {
      await host.close();
      await services.shutdown();
    }
  }, 60_000);
});
