import { z } from 'zod';
import { DrillScoreSchema, DrillStatusSchema, LabScenarioIdSchema } from '../../model/drill-status';
import { Empty, Id } from './schema-parts';

// The drill's model lives in shared/model (main's drill service uses it without the contract); the channels carry it.
export { DrillInjectStateSchema, DrillScoreSchema, DrillStatusSchema, type DrillStatus } from '../../model/drill-status';

/** A lab a runbook can be drilled against. */
export const DrillScenarioSchema = z.object({
  scenario: LabScenarioIdSchema,
  runbookId: z.string(),
  title: z.string(),
  fault: z.string(),
  /** Facilitator actions the lab offers, name → what it does. */
  actions: z.record(z.string(), z.string()),
});


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
