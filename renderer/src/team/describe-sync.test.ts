import { describe, expect, it } from 'vitest';
import { describeSync } from './describe-sync';

const base = { connected: true, team: 'sre', pending: 0, offlineSince: null, lastSyncAt: null, error: null };

describe('the sync indicator words', () => {
  it('says synced, N pending, or offline since when', () => {
    expect(describeSync({ ...base, state: 'synced' })).toMatchObject({ text: 'sre: synced', tone: 'ok' });
    expect(describeSync({ ...base, state: 'pending', pending: 3 })).toMatchObject({ text: 'sre: 3 pending', tone: 'pending' });
    expect(describeSync({ ...base, state: 'offline', pending: 5, offlineSince: '2026-12-01T09:41:07.000Z' })).toMatchObject({
      text: 'sre: offline since 09:41 UTC (5 pending)',
      tone: 'danger',
    });
  });

  it('splits them so a narrow bar can keep only the state', () => {
    expect(describeSync({ ...base, state: 'offline', pending: 5, offlineSince: '2026-12-01T09:41:07.000Z' }).words).toEqual({
      team: 'sre: ',
      state: 'offline',
      detail: ' since 09:41 UTC (5 pending)',
    });
    expect(describeSync({ ...base, team: null, state: 'synced' }).words).toEqual({ team: '', state: 'synced', detail: '' });
  });
});
