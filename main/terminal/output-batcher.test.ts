import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlowControl } from './flow-control';
import { OutputBatcher } from './output-batcher';

afterEach(() => {
  vi.useRealTimers();
});

describe('OutputBatcher', () => {
  it('merges chunks that arrive within one interval into one message', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const batcher = new OutputBatcher((data) => sent.push(data), 16, 1000);
    batcher.push('a');
    batcher.push('b');
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(16);
    expect(sent).toEqual(['ab']);
  });

  it('flushes at once when the size bound is reached', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const batcher = new OutputBatcher((data) => sent.push(data), 16, 4);
    batcher.push('ab');
    batcher.push('cd');
    expect(sent).toEqual(['abcd']);
  });

  it('loses nothing on dispose', () => {
    const sent: string[] = [];
    const batcher = new OutputBatcher((data) => sent.push(data));
    batcher.push('tail');
    batcher.dispose();
    expect(sent).toEqual(['tail']);
  });
});

describe('FlowControl', () => {
  it('pauses above the high watermark and resumes below the low one', () => {
    const calls: string[] = [];
    const flow = new FlowControl(() => calls.push('pause'), () => calls.push('resume'), 100, 10);
    flow.sent(60);
    flow.sent(60);
    expect(calls).toEqual(['pause']);
    flow.sent(500);
    expect(calls).toEqual(['pause']);
    flow.acknowledged(600);
    expect(calls).toEqual(['pause']);
    flow.acknowledged(15);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.pending).toBe(5);
  });

  it('resumes when a viewer reattaches', () => {
    const calls: string[] = [];
    const flow = new FlowControl(() => calls.push('pause'), () => calls.push('resume'), 100, 10);
    flow.sent(1000);
    flow.reset();
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.isPaused).toBe(false);
  });
});
