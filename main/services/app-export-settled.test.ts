/**
 * An export or an output read taken the moment a step ends holds the step's
 * whole output: output still queued for the writer thread is written first.
 * Before, the recorder wrote on a 100 ms timer and a read went straight to
 * the database, so a postmortem exported right after the last step lacked
 * that step's last lines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StepRunStatus } from '../../shared/model/step-run';
import { contractCaller, createTestApp, disposeTestApps } from '../testing/test-app';
import { waitFor } from '../testing/wait-for';

const RUNBOOK = '---\nid: settle\ntitle: Settle\n---\n# Settle\n\n```bash {id=prints}\necho "last-line-$((6*7))"\n```\n';

afterEach(disposeTestApps);

describe('reads of the record wait for queued output', () => {
  it('export:render and timeline:output right after a step ends hold its output', async () => {
    // A long flush interval makes the window the old code lost output in wide enough to hit every time.
    const app = createTestApp({ runbooks: { 'settle.md': RUNBOOK }, name: 'export-settled', services: { outputFlushIntervalMs: 5_000 } });
    const call = contractCaller(app.services);
    const sessionId = await app.openSession();
    const { runId } = await call<{ runId: string }>('step:run', { runbookId: 'settle', stepId: 'prints', sessionId });
    const finished = await waitFor(
      () => app.seen.find((event) => event.channel === 'step:state' && (event.payload as StepRunStatus).runId === runId && (event.payload as StepRunStatus).state !== 'running')?.payload as StepRunStatus | undefined,
      'the step to end',
    );
    expect(finished.state).toBe('passed');

    const output = await call<{ data: string }>('timeline:output', { runId, maxBytes: 65_536 });
    expect(output.data).toContain('last-line-42');
    const { files } = await call<{ files: Array<{ content: string }> }>('export:render', { incidentId: finished.incidentId, format: 'json', secretValues: [] });
    expect(files[0]!.content).toContain('last-line-42');
  });
});
