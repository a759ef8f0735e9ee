import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../../shared/ipc/contract';
import { mergeRuns } from './merge-runs';

type StepRunStatus = EventOf<'step:state'>;

function run(runId: string, state: StepRunStatus['state']): StepRunStatus {
  return { runId, state } as StepRunStatus;
}

describe('mergeRuns (catching up after a reconnect)', () => {
  it("takes main's state for a run this window still shows running: its step:state was missed", () => {
    const merged = mergeRuns({ a: run('a', 'running') }, [run('a', 'passed')]);
    expect(merged.a!.state).toBe('passed');
  });

  it('keeps a finish this window already saw, and adds runs it never heard of', () => {
    const merged = mergeRuns({ a: run('a', 'failed') }, [run('a', 'running'), run('b', 'cancelled')]);
    expect(merged.a!.state).toBe('failed');
    expect(merged.b!.state).toBe('cancelled');
  });
});
