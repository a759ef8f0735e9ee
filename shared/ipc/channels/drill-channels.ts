import { z } from 'zod';
import type { DrillScore } from '../../drills/score-drill';
import { Empty, Id } from './schema-parts';

/** Lab ids (shared/drills/lab-scenarios.ts). */
const LabScenarioIdSchema = z.enum(['crash-and-rollback', 'database-outage', 'security-breach', 'denial-of-service']);

/** A drill's scores (shared/drills/score-drill.ts); built in main, so only its shape is checked here. */
export const DrillScoreSchema = z.custom<DrillScore>((value) => typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1);

/** A lab a runbook can be drilled against. */
export const DrillScenarioSchema = z.object({
  scenario: LabScenarioIdSchema,
  runbookId: z.string(),
  title: z.string(),
  fault: z.string(),
  /** Facilitator actions the lab offers, name → what it does. */
  actions: z.record(z.string(), z.string()),
});

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
});
export type DrillStatus = z.infer<typeof DrillStatusSchema>;

/** Inject as a request gives it (same shape as front matter `drill.injects[]`). */
const InjectInputSchema = z
  .object({ at: z.union([z.string().max(40), z.number().min(0)]), message: z.string().trim().min(1).max(2_000), action: z.string().max(100).optional() })
  .strict();

/** Channels of drill mode: start a runbook as a drill against its lab, watch it, end it, read its report. */
export const drillRequests = {
  /** Runbooks that have a lab, with what the lab breaks. */
  'drill:scenarios': {
    request: Empty,
    response: z.array(DrillScenarioSchema),
  },
  /**
   * Starts a runbook as a drill: declares a drill incident ("Drill: <title>"),
   * starts the runbook's lab (if it has one), opens a shell in the lab's
   * directory with the drill profile, injects the fault (T+0) and schedules
   * the injects (front matter `drill.injects`, plus any given here).
   * 'conflict' while another drill runs or a lab port is taken.
   */
  'drill:start': {
    request: z.object({ runbookId: Id, injects: z.array(InjectInputSchema).max(50).optional(), cols: z.number().int().min(2).max(1000).default(120), rows: z.number().int().min(1).max(500).default(30) }).strict(),
    response: DrillStatusSchema,
  },
  /** The current (or last) drill of this app run, or null. */
  'drill:status': {
    request: Empty,
    response: DrillStatusSchema.nullable(),
  },
  /**
   * Ends the drill: 'resolved' marks it resolved, 'abandoned' leaves the
   * status as is. Scores it ('drill.scored'), then tears the lab down.
   */
  'drill:end': {
    request: z.object({ outcome: z.enum(['resolved', 'abandoned']).default('resolved') }).strict(),
    response: DrillStatusSchema,
  },
  /** The score of a drill incident (from its 'drill.scored' event), or null if it was never scored. */
  'drill:score': {
    request: z.object({ incidentId: Id }).strict(),
    response: DrillScoreSchema.nullable(),
  },
  /** A drill's report as a file: Markdown, JSON or HTML (with the timeline chart as inline SVG). */
  'drill:report': {
    request: z.object({ incidentId: Id, format: z.enum(['md', 'json', 'html']) }).strict(),
    response: z.object({ fileName: z.string(), content: z.string() }),
  },
} as const;

export const drillEvents = {
  /** The drill changed: health, phase, an inject fired, a lab problem. The whole status, to replace the UI's copy. */
  'drill:state': DrillStatusSchema,
} as const;
