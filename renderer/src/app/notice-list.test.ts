import { describe, expect, it } from 'vitest';
import { addNotice, noticeLifetime, withdrawNotices, type Notice } from './notice-list';

const info = (id: number, message: string, key?: string): Notice => ({ id, tone: 'info', message, ...(key ? { key } : {}) });

describe('notices', () => {
  it('info notices expire; errors stay until dismissed', () => {
    expect(noticeLifetime({ tone: 'info' })).toBeGreaterThan(0);
    expect(noticeLifetime({ tone: 'error' })).toBeNull();
  });
  it('withdraws the notices of a condition that cleared, and only those', () => {
    const list = [info(1, 'Drill started: the lab is broken', 'drill-lab-broken'), { id: 2, tone: 'error' as const, message: 'disk full' }];
    expect(withdrawNotices(list, 'drill-lab-broken').map((n) => n.id)).toEqual([2]);
  });
  it('a newer notice about the same condition replaces the older one', () => {
    const list = addNotice([info(1, 'Lab broken: 502', 'lab')], info(2, 'Lab broken: timeout', 'lab'));
    expect(list.map((n) => n.id)).toEqual([2]);
  });
  it('keeps the last four', () => {
    let list: Notice[] = [];
    for (let id = 1; id <= 6; id++) list = addNotice(list, info(id, `m${id}`));
    expect(list.map((n) => n.id)).toEqual([3, 4, 5, 6]);
  });
});
