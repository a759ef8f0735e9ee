import { z } from 'zod';
import type { DrillScore } from '../drills/score-drill';

/** Lab ids (shared/drills/lab-scenarios.ts). */
export const LabScenarioIdSchema = z.enum(['crash-and-rollback', 'database-outage', 'security-breach', 'denial-of-service']);

/** A drill's scores (shared/drills/score-drill.ts); built in main, so only its shape is checked here. */
export const DrillScoreSchema = z.custom<DrillScore>((value) => typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1);

/** A facilitator inject as scheduled in a drill, and whether it fired. */
export const DrillInjectStateSchema = z.object({
  at: z.string(),
  atMs: z.number(),
  message: z.string(),
  action: z.string().nullable(),
  /** When it fired (UTC), null while pending. */
  firedAt: z.string().nullable(),
  /** What the lab action did, or why it could not. */
  result: z.string().nullable(),
});

/** The drill now running (or just ended), as the banner shows it. */
export const DrillStatusSchema = z.object({
  incidentId: z.string(),
  title: z.string(),
  runbookId: z.string(),
  runbookTitle: z.string(),
  scenario: LabScenarioIdSchema.nullable(),
  /** starting: the lab comes up; running: fault injected, clock at T+; ended: scored (or abandoned). */
  phase: z.enum(['starting', 'running', 'ended']),
  /** The drill's shell session (cwd = the lab's directory), once open. */
  sessionId: z.string().nullable(),
  labDir: z.string().nullable(),
  startedAt: z.string(),
  /** T+0 (UTC), once the fault is injected. */
  faultAt: z.string().nullable(),
  health: z.object({ healthy: z.boolean(), detail: z.string(), checkedAt: z.string() }).nullable(),
  /** First time the lab was healthy again after the fault. */
  healthyAt: z.string().nullable(),
  injects: z.array(DrillInjectStateSchema),
  /** Lab processes that died, injects that could not be applied: sentences for the facilitator. */
  problems: z.array(z.string()),
  /** Why the drill ended early (failed start, app quit), or null. */
  message: z.string().nullable(),
  score: DrillScoreSchema.nullable(),
  /**
   * Counts the drill's changes (each drill:state event is one): a window
   * gets the status both as events and as call results, which can arrive
   * out of order, and keeps the one with the higher revision.
   */
  revision: z.number().int().min(0),
});
export type DrillStatus = z.infer<typeof DrillStatusSchema>;

/**
 * The status a window should show after hearing `incoming`: the incoming
 * one, unless it is an older revision of the same drill than what it shows
 * (a drill:start result that arrives after the lab's first health event).
 */
export function newerDrillStatus(current: DrillStatus | null, incoming: DrillStatus | null): DrillStatus | null {
  if (!current || !incoming || current.incidentId !== incoming.incidentId) return incoming;
  return incoming.revision < current.revision ? current : incoming;
}
