import { describe, expect, it } from 'vitest';
import { toTimelineEvent, type TimelineEvent } from '../model/timeline';
import { renderDrillReport } from './drill-report';
import { scoreDrill, type DrillScoreInput } from './score-drill';

const T0 = '2025-06-01T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
let seq = 0;
/** An event as a database row of an earlier version wrote it: scoring reads it through the same mapping the store uses. */
function event(kind: string, seconds: number, data: Record<string, unknown>): TimelineEvent {
  return toTimelineEvent({ seq: ++seq, incidentId: 'd1', ts: at(seconds), kind, actor: 'alice', data });
}

function input(overrides: Partial<DrillScoreInput> = {}): DrillScoreInput {
  return {
    incidentId: 'd1',
    title: 'Drill: Crash',
    runbook: { id: 'crash-and-rollback', title: 'Crash <b>& roll back</b>', rtoMs: 15 * 60_000 },
    scenario: 'crash-and-rollback',
    faultAt: T0,
    keyMoments: { started: at(-20), detected: T0, acknowledged: at(30), mitigated: at(200), resolved: at(300) },
    labHealthyAt: at(190),
    labHealthyAtEnd: true,
    endedAt: at(300),
    outcome: 'resolved',
    plannedStepIds: ['check', 'keep', 'roll-back', 'verify'],
    events: [
      event('drill.inject', 0, { type: 'fault', summary: 'fault' }),
      event('step.started', 30, { stepId: 'check' }),
      event('step.finished', 32, { stepId: 'check', title: 'Check', status: 'passed' }),
      event('confirmation.given', 100, { runId: 'r2', runbookId: 'crash-and-rollback', stepId: 'roll-back', title: 'Roll back', sessionId: 's', kind: 'click', profile: 'drill', production: false }),
      event('step.started', 100, { stepId: 'roll-back' }),
      event('step.finished', 101, { stepId: 'roll-back', title: 'Roll back', status: 'failed' }),
      event('step.started', 150, { stepId: 'roll-back' }),
      event('step.finished', 151, { stepId: 'roll-back', title: 'Roll back', status: 'passed' }),
      event('drill.inject', 120, { type: 'message', message: 'The <CEO> asks for an ETA', summary: 'x' }),
      event('drill.inject', 190, { type: 'lab-healthy', summary: 'Lab healthy again' }),
    ],
    earlier: [],
    ...overrides,
  };
}

describe('scoreDrill', () => {
  it('measures from T+0 and counts runs, failures, skipped steps, confirmations and injects', () => {
    const score = scoreDrill(input());
    expect(score.timeToAcknowledgeMs).toBe(30_000);
    // Mitigated is the lab's health passing again, not the status someone set later.
    expect(score.timeToMitigateMs).toBe(190_000);
    expect(score.timeToResolveMs).toBe(300_000);
    expect(score.steps).toEqual({ runs: 3, passed: 2, failed: 1, cancelled: 0, skipped: 2, failedStepIds: ['roll-back'], skippedStepIds: ['keep', 'verify'] });
    expect(score.confirmations).toBe(1);
    expect(score.injects).toBe(1);
    expect(score.rto).toEqual({ targetMs: 900_000, met: true });
    expect(score.labRecovered).toBe(true);
    expect(score.comparison.earlierDrills).toBe(0);
    expect(score.summary).toBe('Lab healthy again after 3m 10s (RTO 15m met); 3 step runs, 1 failed, 2 skipped');
    expect(score.marks.map((mark) => mark.atMs)).toEqual([...score.marks.map((mark) => mark.atMs)].sort((a, b) => a - b));
  });

  it('compares with earlier drills of the runbook and with the RTO', () => {
    const first = scoreDrill(input({ incidentId: 'd0', faultAt: at(-86_400), labHealthyAt: at(-86_400 + 400), keyMoments: { started: at(-86_400), detected: null, acknowledged: null, mitigated: null, resolved: null } }));
    const second = scoreDrill(input({ incidentId: 'd2', faultAt: at(-3600), labHealthyAt: at(-3600 + 250) }));
    const score = scoreDrill(input({ earlier: [second, first], runbook: { id: 'crash-and-rollback', title: 'Crash', rtoMs: 60_000 } }));
    expect(score.comparison).toEqual({ earlierDrills: 2, previousTimeToMitigateMs: 250_000, bestTimeToMitigateMs: 250_000, deltaFromPreviousMs: -60_000, deltaFromBestMs: -60_000 });
    expect(score.rto).toEqual({ targetMs: 60_000, met: false });
  });

  it('scores an abandoned drill whose lab never recovered', () => {
    const score = scoreDrill(input({ labHealthyAt: null, labHealthyAtEnd: false, outcome: 'abandoned', keyMoments: { started: T0, detected: T0, acknowledged: null, mitigated: null, resolved: null } }));
    expect(score.timeToMitigateMs).toBeNull();
    expect(score.labRecovered).toBe(false);
    expect(score.rto.met).toBeNull();
    expect(score.summary).toMatch(/^The lab did not recover; .*abandoned$/);
  });

  it('renders the report in md, json and an inert html page with an inline SVG chart', () => {
    const score = scoreDrill(input());
    const md = renderDrillReport(score, 'md');
    expect(md.fileName).toMatch(/^drill-report-crash-and-rollback-2025-06-01-10-00-00\.md$/);
    expect(md.content).toContain('| Time to mitigate (lab healthy) | 3m 10s |');
    expect(md.content).toContain('[DRILL]');
    const json = JSON.parse(renderDrillReport(score, 'json').content) as { format: string; score: { timeToMitigateMs: number } };
    expect(json.format).toBe('firebreak-drill-report');
    expect(json.score.timeToMitigateMs).toBe(190_000);
    const html = renderDrillReport(score, 'html').content;
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|\son\w+=|javascript:/i);
    expect(html).not.toContain('<CEO>');
    expect(html).toContain('&#60;CEO&#62;');
    expect(html).not.toContain('<b>& roll');
  });
});
