import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LAB_SCENARIOS, type LabScenarioId } from '../../../shared/drills/lab-scenarios';
import { removeLabDir } from '../lab-dir';
import { LabPortInUseError } from '../lab-errors';
import { LabManager, type RunningLab } from '../lab-manager';
import { delay } from '../lab-process';
import { waitUntil } from '../wait-until';
import { withLabLock } from './lab-lock';
import { labLeftovers } from './lab-leftovers';
import { describeRuns, loadDrillRunbook, runAllSteps, runStep, runSteps } from './runbook-steps';

/** Generous: a real lab starts processes (PostgreSQL: initdb and two base backups) on a shared 2-core machine. */
export const LAB_TEST_TIMEOUT_MS = 240_000;
/** How long a fixed lab may take to report healthy after the runbook finished (ms). */
const HEAL_TIMEOUT_MS = 20_000;
/** How long lab processes may take to notice their parent is gone and exit (ms). */
const ORPHAN_EXIT_TIMEOUT_MS = 20_000;

/**
 * The tests every lab must pass, with real processes and real ports:
 * starts healthy; its injector breaks it; the runbook's "Run all" path in
 * real bash, with the drill profile as environment and the lab directory as
 * working directory, fixes it; skipping the fixing steps leaves it broken;
 * teardown leaves no process and no listening port; a taken port is named;
 * a SIGKILLed parent takes the lab's processes with it.
 */
export function defineLabTests(scenario: LabScenarioId): void {
  const { runbookId, ports, fixingStepIds } = LAB_SCENARIOS[scenario];
  const { runbook, params } = loadDrillRunbook(runbookId);
  const started: RunningLab[] = [];
  const manager = new LabManager();

  afterEach(async () => {
    await manager.stopAll();
    started.length = 0;
  });

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
    'starts healthy, breaks when injected, and is fixed by the runbook run in bash with its drill profile',
    () => withLabLock(scenario, async () => {
      const lab = await startLab();
      expect(await lab.health()).toMatchObject({ healthy: true });
      await lab.inject();
      expect(await lab.health()).toMatchObject({ healthy: false });

      const steps = runAllSteps(runbook);
      for (const id of fixingStepIds) expect(steps.map((step) => step.id)).toContain(id);
      const runs = await runSteps(steps, lab.dir, { ...params, ...lab.env });
      const failed = runs.filter((run) => !run.passed && !run.step.continueOnError);
      expect(failed.map((run) => run.step.id), describeRuns(runs)).toEqual([]);
      expect(runs.length, describeRuns(runs)).toBe(steps.length);

      const health = await waitUntil(
        async () => {
          const now = await lab.health();
          return now.healthy ? now : undefined;
        },
        HEAL_TIMEOUT_MS,
        async () => `still unhealthy after the runbook: ${(await lab.health()).detail}\n${describeRuns(runs)}`,
      );
      expect(health.healthy).toBe(true);
      expect(lab.problems).toEqual([]);
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
      const steps = runAllSteps(runbook).filter((step) => !fixingStepIds.includes(step.id) && !step.id.startsWith('verify-'));
      for (const step of steps) await runStep(step, lab.dir, { ...params, ...lab.env });
      for (let check = 0; check < 3; check++) {
        const health = await lab.health();
        expect(health.healthy, health.detail).toBe(false);
        await delay(500);
      }
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
