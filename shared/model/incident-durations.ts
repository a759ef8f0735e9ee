import type { KeyMoments } from '../export/incident-record';

/** Time-to-X figures in milliseconds; null while either end is unknown. */
export interface IncidentDurations {
  /** acknowledged − (detected, else started) */
  timeToAcknowledgeMs: number | null;
  /** mitigated − (detected, else started) */
  timeToMitigateMs: number | null;
  /** resolved − (detected, else started) */
  timeToResolveMs: number | null;
  /** now (or resolved) − started: the incident clock. */
  elapsedMs: number | null;
}

function between(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}

/**
 * The time-to-acknowledge / mitigate / resolve figures and the incident
 * clock from the key moments. Each time-to is measured from detection, or
 * from the start when detection is unknown — the same figures the exports
 * print (shared/export/timeline-view.ts keyMomentRows).
 */
export function incidentDurations(moments: KeyMoments, now: string): IncidentDurations {
  const from = moments.detected ?? moments.started;
  return {
    timeToAcknowledgeMs: between(from, moments.acknowledged),
    timeToMitigateMs: between(from, moments.mitigated),
    timeToResolveMs: between(from, moments.resolved),
    elapsedMs: between(moments.started, moments.resolved ?? now),
  };
}
