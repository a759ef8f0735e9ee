import { describe, expect, it } from 'vitest';
import { describeStepOutcome, toneMark } from './describe-event';

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
