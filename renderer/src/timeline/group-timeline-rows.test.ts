import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../shared/model/timeline';
import { groupTimelineRows } from './group-timeline-rows';

let seq = 0;
// Grouping reads only the kind and a param's run: the rest of each payload is left out here.
const event = (kind: TimelineEvent['kind'], data: Record<string, unknown> = {}): TimelineEvent =>
  ({ seq: ++seq, incidentId: 'i', ts: '2026-11-21T03:00:00.000Z', kind, actor: 'oncall', data }) as TimelineEvent;
const shape = (rows: ReturnType<typeof groupTimelineRows>) => rows.map((row) => (row.type === 'params' ? `params×${row.events.length}` : row.event.kind));

describe('groupTimelineRows', () => {
  it("folds one run's params into one row and keeps everything else", () => {
    const events = [
      event('session.started'),
      ...['A', 'B', 'C', 'D'].map((name) => event('param.set', { runId: 'r1', name })),
      event('step.started', { runId: 'r1' }),
      event('param.set', { runId: 'r2', name: 'A' }),
      event('step.started', { runId: 'r2' }),
    ];
    expect(shape(groupTimelineRows(events, () => false))).toEqual(['session.started', 'params×4', 'step.started', 'param.set', 'step.started']);
  });

  it('does not fold params of different runs together, nor a starred or revealed one', () => {
    const events = [
      ...['A', 'B', 'C'].map((name) => event('param.set', { runId: 'r1', name })),
      ...['A', 'B', 'C'].map((name) => event('param.set', { runId: 'r2', name })),
    ];
    expect(shape(groupTimelineRows(events, () => false))).toEqual(['params×3', 'params×3']);
    const kept = events[1]!.seq;
    expect(shape(groupTimelineRows(events, (e) => e.seq === kept))).toEqual(['param.set', 'param.set', 'param.set', 'params×3']);
  });
});
