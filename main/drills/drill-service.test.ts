import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DrillStatus } from '../../shared/model/drill-status';
import { Conflict } from '../../shared/model/domain-errors';
import { bundledRunbooksDir } from '../platform/app-root';
import { AppServices } from '../services/app-services';
import { LabManager } from './lab-manager';
import { delay } from './wait-until';
import type { LabDefinition } from './lab-types';
import { createDrillTestEnv } from './testing/drill-test-env';
import { withLabLock } from './testing/lab-lock';
import { labLeftovers, processesUsingDir } from './testing/lab-leftovers';
import { LAB_TEST_TIMEOUT_MS } from './testing/lab-test-suite';
import { waitUntil } from './wait-until';

const CRASH_PORTS = [18080];
const env = createDrillTestEnv();
const open: AppServices[] = [];
afterEach(() => {
  for (const services of open.splice(0)) services.dispose();
});
afterAll(() => env.remove());

function services(runbookDir = bundledRunbooksDir(), drillLabs?: LabManager): AppServices {
  const created = new AppServices({
    ...(drillLabs ? { drillLabs } : {}),
    dataDir: env.dataDir,
    runbookFolders: [{ dir: runbookDir, origin: 'bundled' }],
    host: 'browser',
    version: '0.0.0',
    watchRunbooks: false,
    terminal: { ...env.terminal, acknowledge: 'auto' },
    log: () => {},
  });
  open.push(created);
  return created;
}

async function expectNoLeftovers(dir: string, ports: readonly number[]): Promise<void> {
  const found = await waitUntil(
    () => {
      const now = labLeftovers(dir, ports);
      return now.processes.length === 0 && now.ports.length === 0 ? now : undefined;
    },
    20_000,
    () => `leftovers: ${JSON.stringify(labLeftovers(dir, ports))}`,
  );
  expect(found).toEqual({ processes: [], ports: [] });
  expect(fs.existsSync(dir)).toBe(false);
}

describe('DrillService', () => {
  it('end() while the fault is being injected ends the drill once start() is over, instead of leaving it running', () =>
    withLabLock('crash-and-rollback', async () => {
      let releaseInject!: () => void;
      let injecting = false;
      const injected = new Promise<void>((resolve) => (releaseInject = resolve));
      // A lab with no processes whose inject() waits for the test: end() lands while the drill is still 'starting'.
      const definition: LabDefinition = {
        scenario: 'crash-and-rollback',
        start: () => Promise.resolve({}),
        health: () => Promise.resolve({ healthy: false, detail: 'broken on purpose' }),
        inject: async () => {
          injecting = true;
          await injected;
        },
      };
      const labs = new LabManager({ definitions: { 'crash-and-rollback': definition } });
      const app = services(bundledRunbooksDir(), labs);
      const start = app.drills!.start('crash-and-rollback');
      start.catch(() => undefined);
      await waitUntil(() => (injecting ? true : undefined), 30_000, () => 'the fault was never injected');
      expect(app.drills!.status()!.phase).toBe('starting');
      const end = app.drills!.end('resolved');
      releaseInject();
      const ended = await end;
      await expect(start).rejects.toThrow(/abandoned/);
      expect(ended.phase).toBe('ended');
      expect(ended.incidentId).toBe(app.drills!.status()!.incidentId);
      expect(app.drills!.status()!.phase).toBe('ended');
      expect(app.drills!.score(ended.incidentId)!.outcome).toBe('abandoned');
      expect(labs.running()).toEqual([]);
    }), LAB_TEST_TIMEOUT_MS);

  it('refuses a drill whose lab port is taken, naming the port, and records nothing', () => withLabLock('crash-and-rollback', async () => {
    const app = services();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(18080, '127.0.0.1', resolve));
    try {
      const before = app.incidents!.list('drills').length;
      const attempt = app.drills!.start('crash-and-rollback');
      await expect(attempt).rejects.toBeInstanceOf(Conflict);
      await expect(attempt).rejects.toThrow(/Port 18080 on 127\.0\.0\.1 is already in use/);
      expect(app.incidents!.list('drills')).toHaveLength(before);
      expect(app.drills!.status()).toBeNull();
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }));

  it(
    'reports a lab process that dies, and an abandoned drill keeps its timeline and leaves no process or port behind',
    () => withLabLock('crash-and-rollback', async () => {
      const app = services();
      const states: DrillStatus[] = [];
      app.hub.subscribe((channel, payload) => {
        if (channel === 'drill:state') states.push(payload as DrillStatus);
      });
      const started = await app.drills!.start('crash-and-rollback');
      expect(started.phase).toBe('running');
      expect(started.faultAt).not.toBeNull();
      const dir = started.labDir!;
      // The drill shell is in the lab.
      await waitUntil(() => (app.terminals.get(started.sessionId!).cwd === dir ? true : undefined), 10_000, () => `the drill shell is in ${app.terminals.get(started.sessionId!).cwd}`).catch(() => undefined);
      await waitUntil(() => (app.drills!.status()?.health ? true : undefined), 10_000, () => 'no health check');
      expect(app.drills!.status()!.health!.healthy).toBe(false);

      const supervisor = processesUsingDir(dir).find((candidate) => candidate.command.includes('supervisor.cjs'));
      expect(supervisor).toBeDefined();
      process.kill(supervisor!.pid, 'SIGKILL');
      const problem = await waitUntil(() => app.drills!.status()!.problems[0], 10_000, () => 'the dead lab process was not reported');
      expect(problem).toMatch(/Lab process supervisor \(pid \d+\) ended unexpectedly/);

      const ended = await app.drills!.end('abandoned');
      expect(ended.phase).toBe('ended');
      expect(ended.score!.outcome).toBe('abandoned');
      expect(ended.score!.labRecovered).toBe(false);
      expect(states.some((state) => state.problems.length > 0)).toBe(true);
      const kinds = app.recorder.list(started.incidentId, 0, 1000).map((event) => event.kind);
      expect(kinds).toEqual(expect.arrayContaining(['drill.started', 'drill.fault', 'drill.problem', 'drill.ended', 'drill.scored']));
      expect(app.incidents!.get(started.incidentId).kind).toBe('drill');
      // Drills stay out of the real incident list.
      expect(app.incidents!.list('incidents').map((incident) => incident.id)).not.toContain(started.incidentId);
      await expectNoLeftovers(dir, CRASH_PORTS);
    }),
    LAB_TEST_TIMEOUT_MS,
  );

  it(
    'fires front-matter injects on a runbook without a lab, and the score marks mitigation by the responder',
    async () => {
      const folder = path.join(env.root, 'runbooks');
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(
        path.join(folder, 'tabletop.md'),
        '---\nid: tabletop\ntitle: Tabletop\nrto: 10m\ndrill:\n  injects:\n    - at: T+0.2s\n      message: The status page is down too\n---\n# Tabletop\n\n```bash { id=look }\necho looking\n```\n',
      );
      const app = services(folder);
      expect(app.library.get('tabletop').diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
      const started = await app.drills!.start('tabletop');
      expect(started.scenario).toBeNull();
      expect(started.injects.map((inject) => inject.message)).toEqual(['The status page is down too']);
      await waitUntil(() => app.drills!.status()!.injects[0]!.firedAt ?? undefined, 10_000, () => 'the inject did not fire');
      app.incidents!.setStatus(started.incidentId, 'mitigated');
      const ended = await app.drills!.end('resolved');
      expect(ended.score!.injects).toBe(1);
      expect(ended.score!.timeToMitigateMs).not.toBeNull();
      expect(ended.score!.rto.met).toBe(true);
      expect(app.drills!.report(started.incidentId, 'html').content).toContain('The status page is down too');
    },
    LAB_TEST_TIMEOUT_MS,
  );

  it(
    'a SIGKILLed drill process leaves no lab process or port, and the next start closes the drill as abandoned',
    () => withLabLock('crash-and-rollback', async () => {
      const cli = path.join(__dirname, '..', 'cli', 'cli.ts');
      const child = spawn(process.execPath, ['--import', 'tsx', cli, '--data-dir', env.dataDir, 'drill', 'crash-and-rollback'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...env.terminal.env, SHELL: '/bin/bash' },
        cwd: path.join(__dirname, '..', '..'),
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const dir = await waitUntil(() => /lab crash-and-rollback is up in (\S+) and broken/.exec(stderr)?.[1], LAB_TEST_TIMEOUT_MS / 2, () => `the drill did not start: ${stderr}`);
      try {
        expect(labLeftovers(dir, CRASH_PORTS).processes.length).toBeGreaterThan(0);
        child.kill('SIGKILL');
        await waitUntil(
          () => (labLeftovers(dir, CRASH_PORTS).processes.length === 0 ? true : undefined),
          20_000,
          () => `lab processes outlived the drill: ${JSON.stringify(labLeftovers(dir, CRASH_PORTS))}`,
        );
        await delay(100);
        const app = services();
        const drill = app.incidents!.list('drills').find((incident) => incident.title.startsWith('Application crash'))!;
        const events = app.recorder.list(drill.id, 0, 1000);
        expect(events.some((event) => event.kind === 'drill.ended' && /Firebreak stopped during this drill/.test(event.data.message))).toBe(true);
        expect(app.drills!.score(drill.id)!.outcome).toBe('abandoned');
        await expectNoLeftovers(dir, CRASH_PORTS);
      } finally {
        child.kill('SIGKILL');
      }
    }),
    LAB_TEST_TIMEOUT_MS,
  );
});
