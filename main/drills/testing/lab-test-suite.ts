import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LAB_SCENARIOS, type LabScenarioId } from '../../../shared/drills/lab-scenarios';
import { removeLabDir } from '../lab-dir';
import { LabPortInUseError } from '../lab-errors';
import { LabManager, type RunningLab } from '../lab-manager';
import { delay } from '../wait-until';
import { waitUntil } from '../wait-until';
import { withLabLock } from './lab-lock';
import { labLeftovers } from './lab-leftovers';
import { planRun } from '../../../shared/runbook/run-plan';
import { bundledRunbooksDir } from '../../platform/app-root';
import { loadRunbook } from '../../runbooks/runbook-library';
import { LabEngine } from './lab-engine';

/** Generous: a real lab starts processes (PostgreSQL: initdb and two base backups) on a shared 2-core machine. */
export const LAB_TEST_TIMEOUT_MS = 240_000;
/** How long a fixed lab may take to report healthy after the runbook finished (ms). */
const HEAL_TIMEOUT_MS = 20_000;
/** How long lab processes may take to notice their parent is gone and exit (ms). */
const ORPHAN_EXIT_TIMEOUT_MS = 20_000;

/**
 * The tests every lab must pass, with real processes and real ports:
 * starts healthy; its injector breaks it; the runbook's Run all, run by the
 * product's engine (lab-engine.ts: the step runner in a real shell on a pty,
 * the drill profile, the shell in the lab directory), fixes it; skipping the
 * fixing steps leaves it broken;
 * teardown leaves no process and no listening port; a taken port is named;
 * a SIGKILLed parent takes the lab's processes with it.
 */
export function defineLabTests(scenario: LabScenarioId): void {
  const { runbookId, ports, fixingStepIds } = LAB_SCENARIOS[scenario];
  const runbook = loadRunbook(path.join(bundledRunbooksDir(), `${runbookId}.md`), 'bundled');
  const started: RunningLab[] = [];
  const manager = new LabManager();

  const engines: LabEngine[] = [];

  afterEach(async () => {
    // The engine's shell works in the lab folder: it ends before the lab is stopped.
    for (const engine of engines.splice(0)) await engine.close();
    await manager.stopAll();
    started.length = 0;
  });

  async function openEngine(lab: RunningLab): Promise<LabEngine> {
    const engine = await LabEngine.open(lab, runbookId);
    engines.push(engine);
    return engine;
  }

  async function closeEngine(engine: LabEngine): Promise<void> {
    engines.splice(engines.indexOf(engine), 1);
    await engine.close();
  }

  async function startLab(): Promise<RunningLab> {
    const lab = await manager.start(scenario);
    started.push(lab);
    return lab;
  }

  async function expectCleanAfterStop(lab: RunningLab): Promise<void> {
    await lab.stop();
    const leftovers = await waitUntil(
      () => {
        const found = labLeftovers(lab.dir, ports);
        return found.processes.length === 0 && found.ports.length === 0 ? found : undefined;
      },
      5_000,
      () => `leftovers after stop: ${JSON.stringify(labLeftovers(lab.dir, ports))}`,
    );
    expect(leftovers).toEqual({ processes: [], ports: [] });
  }

  it(
    'starts healthy, breaks when injected, and is fixed by the runbook run by the engine with its drill profile',
    () => withLabLock(scenario, async () => {
      const lab = await startLab();
      expect(await lab.health()).toMatchObject({ healthy: true });
      await lab.inject();
      expect(await lab.health()).toMatchObject({ healthy: false });

      const steps = planRun(runbook).steps.map((step) => step.id);
      for (const id of fixingStepIds) expect(steps).toContain(id);
      const engine = await openEngine(lab);
      const { runs, end } = await engine.run();
      const describeRuns = () => engine.describe(runs);
      expect(end, describeRuns()).toEqual({ state: 'passed' });
      expect(runs.map((run) => run.stepId), describeRuns()).toEqual(steps);
      // Run by the product: every step is on the record, as in a drill.
      expect(engine.finishedSteps()).toEqual(steps);

      const health = await waitUntil(
        async () => {
          const now = await lab.health();
          return now.healthy ? now : undefined;
        },
        HEAL_TIMEOUT_MS,
        async () => `still unhealthy after the runbook: ${(await lab.health()).detail}\n${describeRuns()}`,
      );
      expect(health.healthy).toBe(true);
      expect(lab.problems).toEqual([]);
      await closeEngine(engine);
      await expectCleanAfterStop(lab);
    }),
    LAB_TEST_TIMEOUT_MS,
  );

  it(
    'stays broken when the fixing steps are skipped',
    () => withLabLock(scenario, async () => {
      const lab = await startLab();
      await lab.inject();
      // Every other state-changing and diagnostic step runs; verify-* steps only wait for health, so they are left out.
      const skip = runbook.steps.map((step) => step.id).filter((id) => fixingStepIds.includes(id) || id.startsWith('verify-'));
      const engine = await openEngine(lab);
      // Each step runs whatever the one before did (a diagnosis may fail while the fault is in), so every other step gets its chance.
      for (const step of planRun(runbook, { skip }).steps) await engine.run({ only: [step.id] });
      for (let check = 0; check < 3; check++) {
        const health = await lab.health();
        expect(health.healthy, health.detail).toBe(false);
        await delay(500);
      }
      await closeEngine(engine);
      await expectCleanAfterStop(lab);
    }),
    LAB_TEST_TIMEOUT_MS,
  );

  it('refuses to start with a clear message when one of its ports is taken', () => withLabLock(scenario, async () => {
    const port = ports[ports.length - 1]!;
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const attempt = manager.start(scenario);
      await expect(attempt).rejects.toBeInstanceOf(LabPortInUseError);
      await expect(attempt).rejects.toThrow(new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
      expect(manager.running()).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }));

  it(
    'ends every lab process and frees its ports when its parent is SIGKILLed',
    () => withLabLock(scenario, async () => {
      const fixture = path.join(__dirname, 'lab-host-fixture.ts');
      const parent = spawn(process.execPath, ['--import', 'tsx', fixture, scenario, 'inject'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      parent.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const dir = await waitUntil(
        () => {
          const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
          return line ? (JSON.parse(line) as { dir: string }).dir : undefined;
        },
        LAB_TEST_TIMEOUT_MS / 2,
        () => `the fixture did not start the lab: ${stderr}`,
      );
      try {
        expect(labLeftovers(dir, ports).processes.length).toBeGreaterThan(0);
        parent.kill('SIGKILL');
        const leftovers = await waitUntil(
          () => {
            const found = labLeftovers(dir, ports);
            return found.processes.length === 0 && found.ports.length === 0 ? found : undefined;
          },
          ORPHAN_EXIT_TIMEOUT_MS,
          () => `lab processes outlived their parent: ${JSON.stringify(labLeftovers(dir, ports))}`,
        );
        expect(leftovers).toEqual({ processes: [], ports: [] });
      } finally {
        parent.kill('SIGKILL');
        removeLabDir(dir);
      }
    }),
    LAB_TEST_TIMEOUT_MS,
  );
}
