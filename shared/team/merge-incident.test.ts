import { describe, expect, it } from 'vitest';
import { mergeIncidentFields, type MergeEvent } from './merge-incident';

let n = 0;
const at = (wallMs: number, node: string, kind: string, data: unknown, actor = node): MergeEvent => ({
  uid: `0000000${n++}`.slice(-8),
  hlc: `${String(wallMs).padStart(15, '0')}.000000.${node}`,
  kind,
  actor,
  ts: new Date(wallMs).toISOString(),
  data,
});

const declared = at(1000, 'a', 'incident.declared', { title: 'DB down', kind: 'incident', severity: 'SEV2', services: ['db'], commander: 'ana', communicationsLead: null, responders: [] });

/** Every order of `items` (small arrays only). */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('merging a shared incident\'s fields', () => {
  it('gives the same fields whatever order the events arrive in: last writer by clock', () => {
    const events = [
      declared,
      at(2000, 'a', 'status.changed', { from: 'investigating', to: 'identified' }),
      at(3000, 'b', 'status.changed', { from: 'investigating', to: 'mitigated' }),
      at(2500, 'b', 'role.changed', { role: 'commander', from: 'ana', to: 'bo' }),
      at(2600, 'a', 'incident.updated', { changes: { severity: { from: 'SEV2', to: 'SEV1' } } }),
    ];
    const results = permutations(events).map((order) => mergeIncidentFields(order));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0]).toMatchObject({ title: 'DB down', status: 'mitigated', commander: 'bo', severity: 'SEV1', services: ['db'] });
  });

  it('keeps both of two concurrent postmortem edits, and the winner\'s later edit replaces cleanly', () => {
    const ana = at(5000, 'a', 'incident.updated', { changes: { 'postmortem.summary': { from: null, to: 'Pool exhausted.' } } }, 'ana');
    const bo = at(5001, 'b', 'incident.updated', { changes: { 'postmortem.summary': { from: null, to: 'Bad deploy at 09:12.' } } }, 'bo');
    const items = at(5002, 'a', 'incident.updated', { changes: { 'postmortem.actionItems': { from: [], to: [{ id: 'x', text: 'alert on pool' }] } } });
    const items2 = at(5003, 'b', 'incident.updated', { changes: { 'postmortem.actionItems': { from: [], to: [{ id: 'y', text: 'canary deploys' }] } } });
    const merged = mergeIncidentFields([bo, items2, declared, ana, items]);
    expect(merged.postmortem.summary).toContain('Bad deploy at 09:12.');
    expect(merged.postmortem.summary).toContain('Pool exhausted.');
    expect(merged.postmortem.summary).toContain('[Concurrent edit by ana');
    expect(merged.postmortem.actionItems).toEqual([{ id: 'y', text: 'canary deploys' }, { id: 'x', text: 'alert on pool' }]);
    expect(merged.conflicts.map((conflict) => conflict.field)).toEqual(['postmortem.summary', 'postmortem.actionItems']);

    // An edit made after seeing the merged text is a plain replacement.
    const seen = merged.postmortem.summary;
    const later = at(6000, 'a', 'incident.updated', { changes: { 'postmortem.summary': { from: seen, to: 'Pool exhausted after a bad deploy.' } } });
    const after = mergeIncidentFields([declared, ana, bo, items, items2, later]);
    expect(after.postmortem.summary).toBe('Pool exhausted after a bad deploy.');
    expect(after.conflicts.map((conflict) => conflict.field)).toEqual(['postmortem.summary', 'postmortem.actionItems']);
  });
});
