/**
 * After a restart the step cards read each step's latest run from the
 * durable record (issue 10, finding 5: a card said "not run" while the
 * timeline showed the run finished).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StepRunStatus } from '../../shared/model/step-run';
import { contractCaller, createTestApp, disposeTestApps } from '../testing/test-app';
import { waitFor } from '../testing/wait-for';

const RUNBOOK = '---\nid: restart\ntitle: Restart\n---\n# Restart\n\n```bash {id=fails}\necho before-restart; sh -c "exit 3"\n```\n\n```bash {id=never}\necho never\n```\n';

afterEach(disposeTestApps);

describe('step runs after a restart', () => {
  it('step:list answers from the record: the finished run with its exit code and incident; a step never run stays absent', async () => {
    const first = createTestApp({ runbooks: { 'restart.md': RUNBOOK }, name: 'restart-runs' });
    const call = contractCaller(first.services);
    const sessionId = await first.openSession();
    const { runId } = await call<{ runId: string }>('step:run', { runbookId: 'restart', stepId: 'fails', sessionId });
    const finished = await waitFor(
      () => first.seen.find((event) => event.channel === 'step:state' && (event.payload as StepRunStatus).runId === runId && (event.payload as StepRunStatus).state !== 'running')?.payload as StepRunStatus | undefined,
      'the step to end',
    );
    expect(finished.state).toBe('failed');
    first.services.dispose();

    const second = createTestApp({ runbooks: { 'restart.md': RUNBOOK }, dataDir: first.dataDir, name: 'restart-runs' });
    const runs = await contractCaller(second.services)<StepRunStatus[]>('step:list', {});
    const again = runs.find((run) => run.runId === runId);
    expect(again).toMatchObject({ state: 'failed', exitCode: 3, incidentId: finished.incidentId, runbookId: 'restart', stepId: 'fails', sessionId });
    expect(again?.durationMs).toBe(finished.durationMs);
    expect(runs.some((run) => run.stepId === 'never')).toBe(false);
  });
});
