import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { OpenedLink } from '../../shared/model/opened-link';
import { buildProgram } from '../cli/program';
import { inProcessEngine } from '../engine/engine-connection';
import { startBrowserHost } from '../host/browser-host';
import { contractCaller, createTestApp, disposeTestApps, TEST_CALL_CONTEXT } from '../testing/test-app';
import { BROWSER_HOST_FILE, writeInstanceFile } from './running-instances';

afterAll(disposeTestApps);
afterEach(() => vi.restoreAllMocks());

const RUNBOOKS = path.join(__dirname, '../../runbooks');
const ALERTS = path.join(__dirname, '../../testdata/alerts');
const bundled = Object.fromEntries(fs.readdirSync(RUNBOOKS).filter((file) => file.endsWith('.md')).map((file) => [file, fs.readFileSync(path.join(RUNBOOKS, file), 'utf8')]));

describe('the app: Paste alert, links and status updates', () => {
  it('pastes an alert: declares the incident with the alert on the timeline, suggests the runbook filled in; a bad paste names the field', async () => {
    const { services, seen } = createTestApp({ name: 'paste', runbooks: bundled, services: { watchRunbooks: false } });
    const call = contractCaller(services);
    const result = await call<{ action: string; incident: { id: string; severity: string; title: string }; suggestions: Array<{ runbookId: string; params: { values: Record<string, string> } }> }>('alerts:page', {
      payload: fs.readFileSync(path.join(ALERTS, 'alertmanager-webhook-postgres.json'), 'utf8'),
    });
    expect(result.action).toBe('declared');
    expect(result.incident.severity).toBe('SEV1');
    expect(result.suggestions[0]).toMatchObject({ runbookId: 'database-outage', params: { values: { PGHOST: 'db-1.prod.example.com' } } });
    // The window hears about the alert event and the incident.
    expect(seen.some((event) => event.channel === 'timeline:appended' && (event.payload as { kind: string }).kind === 'alert.received')).toBe(true);
    expect(seen.some((event) => event.channel === 'incident:changed')).toBe(true);

    const again = await call<{ action: string; incident: { id: string } }>('alerts:page', { payload: fs.readFileSync(path.join(ALERTS, 'alertmanager-webhook-postgres-resolved.json'), 'utf8') });
    expect(again).toMatchObject({ action: 'joined', incident: { id: result.incident.id }, suggestedMitigatedAt: '2026-11-30T22:41:35.500Z' });

    const bad = await services.router.dispatch('alerts:page', { payload: '{"alerts":[{"status":"firing"}]}' }, TEST_CALL_CONTEXT);
    expect(bad).toEqual({ ok: false, error: { code: 'bad_request', message: 'alerts[0].labels is missing: an alert without labels cannot be matched or named.' } });
    await services.shutdown();
  });

  it('records a sent status update as comms.update', async () => {
    const { services } = createTestApp({ name: 'comms', services: { watchRunbooks: false } });
    const call = contractCaller(services);
    const incident = await call<{ id: string }>('incident:declare', { title: 'Checkout down', kind: 'incident', severity: 'SEV2' });
    const { seq } = await call<{ seq: number }>('comms:record', {
      incidentId: incident.id,
      markdown: '**Investigating**: checkout is failing.',
      plain: 'Investigating: checkout is failing.',
      status: 'investigating',
      severity: 'SEV2',
      nextUpdateAt: '2026-12-01T10:30:00.000Z',
      channel: '#inc-checkout',
    });
    const events = await call<Array<{ seq: number }>>('timeline:list', { incidentId: incident.id });
    expect(events.find((event) => event.seq === seq)).toMatchObject({ kind: 'comms.update', data: { plain: 'Investigating: checkout is failing.', channel: '#inc-checkout' } });
    await services.shutdown();
  });

  it('opens a link on the browser host (/open, token-protected) and from the CLI, with bad values as form errors', async () => {
    const { services, root, dataDir } = createTestApp({ name: 'links', runbooks: bundled, services: { watchRunbooks: false } });
    const renderer = path.join(root, 'renderer');
    fs.mkdirSync(renderer);
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Firebreak</title>');
    const opened: OpenedLink[] = [];
    services.hub.subscribe((channel, payload) => {
      if (channel === 'link:opened') opened.push(payload as OpenedLink);
    });
    const host = await startBrowserHost({ engine: inProcessEngine(services), rendererDir: renderer, port: 0 });
    const base = `http://127.0.0.1:${host.port}`;
    try {
      expect((await fetch(`${base}/open?runbook=database-outage`, { redirect: 'manual' })).status).toBe(401);
      const response = await fetch(`${base}/open?token=${host.token}&runbook=database-outage&PGHOST=db-1&PGPORT=x%3Breboot&PGPASSWORD=hunter2&profile=staging`, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
      expect(opened[0]).toMatchObject({ runbookId: 'database-outage', profile: 'staging', values: { PGHOST: 'db-1', PGPORT: 'x;reboot' }, origin: 'link' });
      expect(opened[0]!.values).not.toHaveProperty('PGPASSWORD');
      expect(opened[0]!.errors.PGPORT).toMatch(/pattern/);
      expect(opened[0]!.errors.PGPASSWORD).toMatch(/secrets cannot come from a link/);
      expect((await contractCaller(services)<{ link: OpenedLink | null }>('links:take', {})).link?.runbookId).toBe('database-outage');
      expect((await contractCaller(services)<{ link: OpenedLink | null }>('links:take', {})).link).toBeNull();
      const unknown = await fetch(`${base}/open?token=${host.token}&runbook=nope`, { redirect: 'manual' });
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toBe('There is no runbook "nope" in the library.\n');
      const hostile = await fetch(`${base}/open?token=${host.token}&runbook=%3Cscript%3E`, { redirect: 'manual' });
      expect(hostile.status).toBe(400);
      expect(hostile.headers.get('content-type')).toMatch(/^text\/plain/);

      // The CLI hands the link to the running host.
      const forget = writeInstanceFile(dataDir, BROWSER_HOST_FILE, { pid: process.pid, port: host.port, token: host.token });
      let stdout = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stdout += String(chunk);
        return true;
      });
      process.exitCode = undefined;
      await buildProgram((program) => program.exitOverride()).parseAsync(['--data-dir', dataDir, 'open', '--runbooks', path.join(root, 'runbooks'), 'firebreak://runbook/crash-and-rollback?KUBE_NAMESPACE=checkout'], { from: 'user' });
      forget();
      expect(process.exitCode ?? 0).toBe(0);
      expect(stdout).toContain(`Handed to the Firebreak browser host on 127.0.0.1:${host.port}.`);
      expect(opened.at(-1)).toMatchObject({ runbookId: 'crash-and-rollback', values: { KUBE_NAMESPACE: 'checkout' } });
    } finally {
      process.exitCode = undefined;
      await host.close();
      await services.shutdown();
    }
  }, 60_000);
});
