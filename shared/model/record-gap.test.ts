import { describe, expect, it } from 'vitest';
import { describeGap } from './record-gap';

describe('describeGap', () => {
  it('names each lost event (with its step) and the output bytes', () => {
    expect(
      describeGap({
        lostEvents: [
          { kind: 'step.finished', stepId: 'flood', at: '2026-01-01T00:00:01.000Z' },
          { kind: 'session.ended', at: '2026-01-01T00:00:02.000Z' },
        ],
        lostOutputBytes: 3_000_000,
      }),
    ).toBe('step.finished of step "flood", session.ended, 2.9 MB (3000000 bytes) of terminal output');
  });
});
