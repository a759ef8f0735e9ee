import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../model/timeline';
import { describeEvent, describeStepOutcome, toneMark } from './describe-event';

describe('toneMark', () => {
  it('gives each way a step run can end its own shape, so no verdict rests on colour alone', () => {
    const marks = (['running', 'failed', 'cancelled', 'unknown'] as const).map(toneMark);
    expect(new Set([...marks, toneMark('passed')]).size).toBe(5);
    // Passed with an allowed exit shares the pass mark; its colour and words say "allowed".
    expect(toneMark('passed-allowed')).toBe(toneMark('passed'));
  });

  it('marks a failed outcome with ✗ and a pass with ✓', () => {
    const failed = describeStepOutcome({ status: 'failed', exitCode: 1, durationMs: 300, expect: null, message: null });
    const passed = describeStepOutcome({ status: 'passed', exitCode: 0, durationMs: 300, expect: null, message: null });
    expect([toneMark(failed.tone), toneMark(passed.tone)]).toEqual(['✗', '✓']);
  });
});

describe('session.ended', () => {
  const ended = (data: { exitCode: number | null; signal: number | null; orderly?: boolean; message: string }) =>
    describeEvent({ seq: 1, uid: 'u', ts: '2026-01-01T00:00:00Z', actor: 'me', kind: 'session.ended', data: { sessionId: 's', shell: '/bin/bash', pid: 1, generation: 1, ...data } } as unknown as TimelineEvent);

  it('reads a shell killed from outside as a warning, and one Firebreak ended itself (SIGHUP at quit or the end of a CLI run) as orderly', () => {
    expect(ended({ exitCode: null, signal: 1, message: 'The shell was ended by signal 1.' }).tone).toBe('warning');
    const orderly = ended({ exitCode: null, signal: 1, orderly: true, message: 'Firebreak closed the terminal (its shell was ended in order).' });
    expect(orderly.tone).toBe('neutral');
    expect(orderly.folded).toBe(true);
  });
});
