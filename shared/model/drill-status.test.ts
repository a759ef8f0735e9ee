import { describe, expect, it } from 'vitest';
import { newerDrillStatus, type DrillStatus } from './drill-status';

function status(incidentId: string, revision: number, health: DrillStatus['health'] = null): DrillStatus {
  return {
    incidentId,
    title: 'Drill',
    runbookId: 'crash-and-rollback',
    runbookTitle: 'Application crash',
    scenario: 'crash-and-rollback',
    phase: 'running',
    sessionId: 's',
    labDir: '/tmp/lab',
    startedAt: '2026-12-01T15:00:00.000Z',
    faultAt: '2026-12-01T15:00:01.000Z',
    health,
    healthyAt: null,
    injects: [],
    problems: [],
    message: null,
    score: null,
    revision,
  };
}

describe('newerDrillStatus (events and call results arrive in any order)', () => {
  const broken = { healthy: false, detail: 'no answer (ECONNREFUSED)', checkedAt: '2026-12-01T15:00:01.100Z' };

  it("keeps the lab's first health event when the drill:start result that preceded it arrives after it", () => {
    const event = status('d1', 3, broken);
    const lateResult = status('d1', 2);
    expect(newerDrillStatus(event, lateResult)).toBe(event);
  });

  it('takes a newer or equal revision of the same drill, and any status of another drill', () => {
    expect(newerDrillStatus(status('d1', 2), status('d1', 3, broken))!.revision).toBe(3);
    const same = status('d1', 2, broken);
    expect(newerDrillStatus(status('d1', 2), same)).toBe(same);
    const next = status('d2', 0);
    expect(newerDrillStatus(status('d1', 9), next)).toBe(next);
    expect(newerDrillStatus(null, next)).toBe(next);
    expect(newerDrillStatus(status('d1', 1), null)).toBeNull();
  });
});
