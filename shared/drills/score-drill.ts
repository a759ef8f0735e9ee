import type { KeyMoments } from '../export/incident-record';
import type { TimelineEvent } from '../model/timeline';
import type { LabScenarioId } from './lab-scenarios';

/** How a drill ended: the responder declared it resolved, or it was abandoned (stopped early, app quit, lab failed). */
export type DrillOutcome = 'resolved' | 'abandoned';

/** One point on the drill's timeline chart, in ms after T+0 (the fault). */
export interface DrillChartMark {
  atMs: number;
  kind: 'fault' | 'inject' | 'step-passed' | 'step-failed' | 'lab-broken' | 'lab-healthy' | 'acknowledged' | 'mitigated' | 'resolved' | 'ended';
  label: string;
}

/** How this drill compares with earlier drills of the same runbook. */
export interface DrillComparison {
  /** Earlier drills of this runbook that were scored. */
  earlierDrills: number;
  /** Time to mitigate of the most recent earlier drill, if it mitigated. */
  previousTimeToMitigateMs: number | null;
  /** Best (shortest) time to mitigate of the earlier drills. */
  bestTimeToMitigateMs: number | null;
  /** This drill minus the previous one (negative: faster). Null when either is unknown. */
  deltaFromPreviousMs: number | null;
  /** This drill minus the best earlier one (negative: a new best). */
  deltaFromBestMs: number | null;
}

/** The scores of one drill; recorded as the data of its 'drill.scored' event and rendered as the drill report. */
export interface DrillScore {
  /** Version of this shape, for readers of old records. */
  version: 1;
  incidentId: string;
  title: string;
  runbookId: string;
  runbookTitle: string;
  scenario: LabScenarioId | null;
  outcome: DrillOutcome;
  /** T+0: when the fault was injected (or, without a lab, when the drill started). UTC ISO-8601. */
  faultAt: string;
  endedAt: string;
  timeToAcknowledgeMs: number | null;
  /** T+0 to the lab's health check passing again (without a lab: to the mitigated moment). */
  timeToMitigateMs: number | null;
  timeToResolveMs: number | null;
  /** Whether the lab was healthy when the drill ended; null without a lab. */
  labRecovered: boolean | null;
  steps: {
    /** Step runs started (reruns count). */
    runs: number;
    passed: number;
    failed: number;
    cancelled: number;
    /** Run-all steps never run. */
    skipped: number;
    failedStepIds: string[];
    skippedStepIds: string[];
  };
  confirmations: number;
  injects: number;
  rto: {
    /** The runbook's RTO, or null when it sets none. */
    targetMs: number | null;
    /** Time to mitigate (else to resolve) within the RTO; null when either is unknown. */
    met: boolean | null;
  };
  comparison: DrillComparison;
  marks: DrillChartMark[];
  /** One line for the timeline, e.g. "Mitigated in 2m 10s (RTO 15m met), 5 steps run, 0 failed". */
  summary: string;
}

/** What scoring needs: the drill's record and what the drill service observed. */
export interface DrillScoreInput {
  incidentId: string;
  title: string;
  runbook: { id: string; title: string; rtoMs: number | null };
  scenario: LabScenarioId | null;
  faultAt: string;
  keyMoments: KeyMoments;
  /** First time the lab reported healthy after the fault; null if it never did or there is no lab. */
  labHealthyAt: string | null;
  /** The lab's health at the end; null without a lab. */
  labHealthyAtEnd: boolean | null;
  endedAt: string;
  outcome: DrillOutcome;
  /** The step ids Run all would run (the drill profile's plan). */
  plannedStepIds: readonly string[];
  /** The drill's timeline. */
  events: readonly TimelineEvent[];
  /** Scores of earlier drills of the same runbook (any order; this drill's own is ignored). */
  earlier: readonly DrillScore[];
}

/** ms from `from` to `to`, never negative; null when either is missing. */
function since(from: string, to: string | null): number | null {
  if (!to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}

/**
 * Scores a drill: times to acknowledge, mitigate and resolve measured from
 * T+0, steps run/skipped/failed, confirmations, the RTO verdict, the
 * comparison with earlier drills and the chart marks. Pure.
 */
export function scoreDrill(input: DrillScoreInput): DrillScore {
  const { faultAt, keyMoments } = input;
  const timeToAcknowledgeMs = since(faultAt, keyMoments.acknowledged);
  const mitigatedAt = input.scenario ? input.labHealthyAt : keyMoments.mitigated;
  const timeToMitigateMs = since(faultAt, mitigatedAt);
  const timeToResolveMs = since(faultAt, keyMoments.resolved);

  const started = new Set<string>();
  let runs = 0;
  let passed = 0;
  let failed = 0;
  let cancelled = 0;
  let confirmations = 0;
  let injects = 0;
  const failedStepIds: string[] = [];
  const marks: DrillChartMark[] = [{ atMs: 0, kind: 'fault', label: 'Fault injected (T+0)' }];
  const at = (ts: string) => since(faultAt, ts) ?? 0;
  for (const event of input.events) {
    switch (event.kind) {
      case 'step.started':
        runs++;
        started.add(event.data.stepId);
        break;
      case 'step.finished': {
        const { stepId, title, status } = event.data;
        if (status === 'passed') {
          passed++;
          marks.push({ atMs: at(event.ts), kind: 'step-passed', label: `${title}: passed` });
        } else if (status === 'cancelled') {
          cancelled++;
          marks.push({ atMs: at(event.ts), kind: 'step-failed', label: `${title}: cancelled` });
        } else {
          failed++;
          if (!failedStepIds.includes(stepId)) failedStepIds.push(stepId);
          marks.push({ atMs: at(event.ts), kind: 'step-failed', label: `${title}: ${status}` });
        }
        break;
      }
      case 'confirmation.given':
        confirmations++;
        break;
      case 'drill.inject':
        injects++;
        marks.push({ atMs: at(event.ts), kind: 'inject', label: event.data.message });
        break;
      case 'drill.lab':
        if (event.data.state === 'broken' || event.data.state === 'healthy') {
          marks.push({ atMs: at(event.ts), kind: `lab-${event.data.state}`, label: `Lab ${event.data.state === 'healthy' ? 'healthy again' : 'broken again'}: ${event.data.detail}` });
        }
        break;
    }
  }
  if (keyMoments.acknowledged) marks.push({ atMs: at(keyMoments.acknowledged), kind: 'acknowledged', label: 'Acknowledged' });
  if (mitigatedAt) marks.push({ atMs: at(mitigatedAt), kind: 'mitigated', label: input.scenario ? 'Mitigated (lab healthy)' : 'Mitigated' });
  if (keyMoments.resolved) marks.push({ atMs: at(keyMoments.resolved), kind: 'resolved', label: 'Resolved' });
  marks.push({ atMs: at(input.endedAt), kind: 'ended', label: input.outcome === 'resolved' ? 'Drill ended' : 'Drill abandoned' });
  marks.sort((a, b) => a.atMs - b.atMs);

  const skippedStepIds = input.plannedStepIds.filter((id) => !started.has(id));
  const recoveryMs = timeToMitigateMs ?? timeToResolveMs;
  const targetMs = input.runbook.rtoMs;
  const comparison = compare(timeToMitigateMs, input.earlier.filter((score) => score.incidentId !== input.incidentId));
  const score: DrillScore = {
    version: 1,
    incidentId: input.incidentId,
    title: input.title,
    runbookId: input.runbook.id,
    runbookTitle: input.runbook.title,
    scenario: input.scenario,
    outcome: input.outcome,
    faultAt,
    endedAt: input.endedAt,
    timeToAcknowledgeMs,
    timeToMitigateMs,
    timeToResolveMs,
    labRecovered: input.scenario ? input.labHealthyAtEnd === true : null,
    steps: { runs, passed, failed, cancelled, skipped: skippedStepIds.length, failedStepIds, skippedStepIds },
    confirmations,
    injects,
    rto: { targetMs, met: targetMs === null || recoveryMs === null ? null : recoveryMs <= targetMs },
    comparison,
    marks,
    summary: '',
  };
  score.summary = summarizeScore(score);
  return score;
}

function compare(mitigateMs: number | null, earlier: readonly DrillScore[]): DrillComparison {
  const ordered = [...earlier].sort((a, b) => Date.parse(a.faultAt) - Date.parse(b.faultAt));
  const previous = ordered.at(-1)?.timeToMitigateMs ?? null;
  const times = ordered.map((score) => score.timeToMitigateMs).filter((ms): ms is number => ms !== null);
  const best = times.length ? Math.min(...times) : null;
  return {
    earlierDrills: ordered.length,
    previousTimeToMitigateMs: previous,
    bestTimeToMitigateMs: best,
    deltaFromPreviousMs: mitigateMs !== null && previous !== null ? mitigateMs - previous : null,
    deltaFromBestMs: mitigateMs !== null && best !== null ? mitigateMs - best : null,
  };
}

/** "1h 2m", "2m 10s", "45s", "—" for unknown. */
export function formatDrillDuration(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${h}h ${m}m`;
  if (m) return s ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}

/** The one-line verdict recorded with 'drill.scored'. */
export function summarizeScore(score: DrillScore): string {
  const parts: string[] = [];
  if (score.timeToMitigateMs !== null) {
    const rto = score.rto.targetMs === null ? '' : ` (RTO ${formatDrillDuration(score.rto.targetMs)} ${score.rto.met ? 'met' : 'missed'})`;
    parts.push(`${score.scenario ? 'Lab healthy again' : 'Mitigated'} after ${formatDrillDuration(score.timeToMitigateMs)}${rto}`);
  } else {
    parts.push(score.scenario ? 'The lab did not recover' : 'Not mitigated');
  }
  parts.push(`${score.steps.runs} step run${score.steps.runs === 1 ? '' : 's'}, ${score.steps.failed} failed, ${score.steps.skipped} skipped`);
  if (score.outcome === 'abandoned') parts.push('abandoned');
  return parts.join('; ');
}
