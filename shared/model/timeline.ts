import { z } from 'zod';
import { ExpectVerdictSchema, StepRunStateSchema } from './step-run';

/**
 * The incident timeline's events, one zod schema per kind. Every writer
 * records through these schemas (main/services/timeline-recorder.ts) and
 * every reader — the timeline UI, the exports, drill scoring, the record
 * reader — gets typed data back, so no reader guesses at field names.
 *
 * Rows written by older versions are mapped on read by
 * {@link upgradeStoredEvent}; a kind this build does not know (a newer
 * Firebreak wrote it) is kept as an 'unknown' event and shown generically,
 * never dropped.
 */

const Text = z.string();
const NullableText = z.string().nullable();
const IncidentKindSchema = z.enum(['incident', 'drill', 'practice']);
const SeverityValue = z.enum(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
const StatusValue = z.enum(['investigating', 'identified', 'mitigated', 'resolved']);
const MomentName = z.enum(['started', 'detected', 'acknowledged', 'mitigated', 'resolved']);

/** What identifies one step run in the events that concern it. */
const StepRunRef = {
  runId: Text,
  runbookId: Text,
  stepId: Text,
  /** The step's title when it ran. */
  title: Text,
  sessionId: Text,
};

/** The per-kind payloads. Add a kind here and every reader's `switch` must handle it. */
export const TimelineEventDataSchemas = {
  'incident.declared': z.object({
    title: Text,
    kind: IncidentKindSchema,
    severity: SeverityValue,
    services: z.array(Text),
    commander: NullableText,
    communicationsLead: NullableText,
    responders: z.array(Text),
  }),
  /** Title, severity, services or postmortem fields changed: `changes` maps each field to its old and new value. */
  'incident.updated': z.object({
    changes: z.record(Text, z.object({ from: z.unknown(), to: z.unknown() })),
  }),
  'status.changed': z.object({ from: StatusValue, to: StatusValue }),
  'role.changed': z.object({
    role: z.enum(['commander', 'communicationsLead', 'responders']),
    from: z.union([Text, z.array(Text)]).nullable(),
    to: z.union([Text, z.array(Text)]).nullable(),
  }),
  /** A key moment set by hand, or automatically (`automatic`) by a status change or the first action. */
  'moment.set': z.object({
    moment: MomentName,
    from: NullableText,
    to: NullableText,
    automatic: z.boolean(),
  }),
  'runbook.opened': z.object({ runbookId: Text, title: Text, contentHash: Text }),
  'runbook.trusted': z.object({ runbookId: Text, runbookTitle: Text, path: Text, contentHash: Text, commandCount: z.number().int() }),
  /** A param exported to a session for a run (secret values are stored masked). */
  'param.set': z.object({
    sessionId: Text,
    runId: Text,
    runbookId: Text,
    name: Text,
    value: Text,
    secret: z.boolean(),
    profile: NullableText,
  }),
  'confirmation.given': z.object({
    ...StepRunRef,
    kind: z.enum(['click', 'word']),
    word: Text.optional(),
    param: NullableText.optional(),
    profile: NullableText,
    production: z.boolean(),
    /**
     * Who gave it: a person (typed or clicked it, in the app or at the CLI's
     * prompt), a command-line flag given in advance (`flag` names it), or a
     * drill, which confirms everything in its lab. Absent in older records: a person.
     */
    by: z.enum(['person', 'flag', 'drill']).optional(),
    flag: Text.optional(),
  }),
  'step.started': z.object({
    ...StepRunRef,
    batchId: NullableText,
    runbookTitle: Text,
    contentHash: Text,
    /** The step's code exactly as written in the runbook. */
    command: Text,
    profile: NullableText,
    production: z.boolean(),
    rollbackOf: NullableText,
    sentAs: z.enum(['typed', 'script']),
    tracked: z.boolean(),
  }),
  'step.finished': z.object({
    ...StepRunRef,
    batchId: NullableText,
    command: Text,
    status: StepRunStateSchema,
    exitCode: z.number().int().nullable(),
    durationMs: z.number().nullable(),
    expect: ExpectVerdictSchema.nullable(),
    message: NullableText,
    rollbackOf: NullableText,
    transcript: z
      .object({ text: Text, totalBytes: z.number(), omittedBytes: z.number(), truncated: z.boolean() })
      .optional(),
  }),
  'step.cancelled': z.object({
    ...StepRunRef,
    /** 'user', 'timeout', or why Firebreak stopped it ('app quit'). */
    reason: Text,
    timeoutMs: z.number().nullable().optional(),
  }),
  /** A command typed by hand in a session, with the shell's report of it. */
  'command.manual': z.object({
    sessionId: Text,
    /** The line as the shell reported it; known secret values are masked before it is stored. */
    commandLine: Text,
    commandLineExact: z.boolean(),
    exitCode: z.number().int().nullable(),
    durationMs: z.number().nullable(),
    cwd: NullableText,
    state: z.enum(['running', 'finished', 'sessionEnded']),
  }),
  'checklist.ticked': z.object({
    runbookId: Text,
    runbookTitle: Text,
    itemId: Text,
    text: Text,
    checked: z.boolean(),
    line: z.number().int(),
  }),
  'session.started': z.object({
    sessionId: Text,
    shell: Text,
    shellKind: Text,
    pid: z.number().int(),
    cwd: Text,
    integration: Text,
    integrationNote: NullableText,
    generation: z.number().int(),
    /** Terminal size at start (absent in records from before it was recorded). */
    cols: z.number().int().positive().optional(),
    rows: z.number().int().positive().optional(),
  }),
  /** The terminal was resized (recorded once the size settles), for replay at the right size. */
  'session.resized': z.object({ sessionId: Text, cols: z.number().int().positive(), rows: z.number().int().positive() }),
  'session.ended': z.object({
    sessionId: Text,
    shell: Text,
    pid: z.number().int(),
    exitCode: z.number().int().nullable(),
    signal: z.number().int().nullable(),
    generation: z.number().int(),
    message: NullableText,
    /** Firebreak ended the shell itself (the app quit, the CLI's run ended, the tab was closed): an orderly end, whatever signal did it. */
    orderly: z.boolean().optional(),
  }),
  note: z.object({ noteId: Text, text: Text }),
  /**
   * A new version of a note. `editOf` is the global id (uid) of the 'note'
   * event it edits: a local seq would name another row on every other
   * responder's machine. Rows that stored a seq are mapped on read.
   */
  'note.edited': z.object({ noteId: Text, text: Text, editOf: Text }),
  /** A star on, or off, the event whose global id (uid) is `eventUid` (once a local seq, mapped on read). */
  'event.starred': z.object({ eventUid: Text, starred: z.boolean() }),
  /**
   * Whether the full terminal output of this incident's runs is shared with
   * the team (opt-in, per incident; off until a responder turns it on), and
   * at most how many bytes of each run. The last change by hybrid logical
   * clock is in force.
   */
  'output.sharing': z.object({ enabled: z.boolean(), capBytes: z.number().int().positive() }),
  /**
   * The full output of one run, shared because the incident shares output:
   * `output` is its first bytes up to `capBytes` (cut at a line end), `cut`
   * says whether the cap cut it, `totalBytes` how much there was. Named
   * `output`, not `text`: the server's search index skips it.
   */
  'step.output': z.object({
    ...StepRunRef,
    output: Text,
    totalBytes: z.number().int().min(0),
    sharedBytes: z.number().int().min(0),
    capBytes: z.number().int().positive(),
    cut: z.boolean(),
  }),
  'drill.started': z.object({
    runbookId: Text,
    runbookTitle: Text,
    scenario: NullableText,
    profile: NullableText,
    /** The Firebreak process running the drill, so a second process does not close it as interrupted. */
    ownerPid: z.number().int().nullable(),
  }),
  /** The drill's lab: starting, started (in `labDir`), healthy again or broken again, with the health check's words. */
  'drill.lab': z.object({
    state: z.enum(['starting', 'started', 'healthy', 'broken']),
    scenario: NullableText,
    detail: Text,
    labDir: NullableText.optional(),
  }),
  /** T+0: the fault went in (or, without a lab, the drill started). */
  'drill.fault': z.object({ scenario: NullableText, fault: Text }),
  /** A facilitator's inject: a message to the responders and maybe a lab action. */
  'drill.inject': z.object({ at: Text, message: Text, action: NullableText, result: NullableText }),
  'drill.problem': z.object({ message: Text }),
  'drill.ended': z.object({ outcome: z.enum(['resolved', 'abandoned']).nullable(), message: Text }),
  /** The drill's score (shared/drills/score-drill.ts DrillScore). */
  'drill.scored': z.looseObject({ version: z.number().int(), runbookId: Text, outcome: z.enum(['resolved', 'abandoned']) }),
  /**
   * Something could not be written to the record (a full disk, an I/O error)
   * and was lost: recorded once writing works again, so the record says
   * where it has a hole.
   */
  'record.gap': z.object({
    /** UTC ISO-8601: the first and the last failed write. */
    since: Text,
    until: Text,
    /** The events not recorded, in the order they were lost (step events name their step). */
    lostEvents: z.array(z.object({ kind: Text, stepId: Text.optional(), runId: Text.optional(), title: Text.optional(), at: Text })),
    /** Bytes of terminal output that could not be written. */
    lostOutputBytes: z.number().int().min(0),
    /** Why, in words (the disk was full). */
    reason: Text,
  }),
  /**
   * An alert from monitoring (Alertmanager webhook, amtool, a pasted alert):
   * the detection event when it declared the incident, or a later copy
   * (resolved, or another alert of the group) joining it.
   */
  'alert.received': z.object({
    alertname: Text,
    status: z.enum(['firing', 'resolved']),
    fingerprint: Text,
    groupKey: NullableText,
    labels: z.record(Text, Text),
    annotations: z.record(Text, Text),
    startsAt: NullableText,
    endsAt: NullableText,
    generatorURL: NullableText,
    /** Where it came from: 'alertmanager-webhook', 'amtool' or 'alert'. */
    source: Text,
    /** True when this alert declared the incident. */
    declared: z.boolean(),
  }),
  /** A status update sent to stakeholders, as Markdown and as plain text. */
  'comms.update': z.object({
    markdown: Text,
    plain: Text,
    status: StatusValue,
    severity: SeverityValue,
    /** When the next update is due (UTC ISO-8601), or null when none is planned. */
    nextUpdateAt: NullableText,
    /** Where it went, in words ("#incident-db", "status page"), or ''. */
    channel: Text,
  }),
} as const;

type DataSchemas = typeof TimelineEventDataSchemas;

/** Kinds of event on the incident timeline. The table is append-only. */
export type TimelineEventKind = keyof DataSchemas;
export const TIMELINE_EVENT_KINDS = Object.keys(TimelineEventDataSchemas) as TimelineEventKind[];
export const TimelineEventKindSchema = z.enum(TIMELINE_EVENT_KINDS as [TimelineEventKind, ...TimelineEventKind[]]);

/** The payload of one kind, as stored and read back. */
export type EventData<K extends TimelineEventKind> = z.infer<DataSchemas[K]>;
/** What a writer passes for one kind. */
export type EventDataInput<K extends TimelineEventKind> = z.input<DataSchemas[K]>;

const EventBase = {
  /** Gap-free sequence number, global to the database. */
  seq: z.number().int().min(1),
  incidentId: z.string(),
  /** UTC ISO-8601 timestamp with milliseconds. */
  ts: z.string(),
  /** Who did it: the OS user unless set. */
  actor: z.string(),
  /**
   * The event's global id (UUIDv7), the same on every responder's machine:
   * what references between events name. Every row since schema 5 has one;
   * absent only in records exported before it was carried.
   */
  uid: z.string().optional(),
};

/** An event of a kind this build does not know (written by a newer Firebreak), kept as it was. */
export const UnknownEventSchema = z.object({
  ...EventBase,
  kind: z.literal('unknown'),
  data: z.object({ storedKind: z.string(), data: z.record(z.string(), z.unknown()) }),
});

/** One committed event, read back from SQLite: a discriminated union over `kind`. */
export const TimelineEventSchema = z.discriminatedUnion('kind', [
  ...TIMELINE_EVENT_KINDS.map((kind) => z.object({ ...EventBase, kind: z.literal(kind), data: TimelineEventDataSchemas[kind] })),
  UnknownEventSchema,
] as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<TimelineEvent>;

type EventBaseType = { seq: number; incidentId: string; ts: string; actor: string; uid?: string | undefined };
/** A committed event of kind K. */
export type EventOfKind<K extends TimelineEventKind> = K extends TimelineEventKind ? EventBaseType & { kind: K; data: EventData<K> } : never;
export type KnownTimelineEvent = { [K in TimelineEventKind]: EventOfKind<K> }[TimelineEventKind];
export type UnknownTimelineEvent = z.infer<typeof UnknownEventSchema>;
export type TimelineEvent = KnownTimelineEvent | UnknownTimelineEvent;

/** Whether `event` is of kind `kind` (narrows its data). */
export function isEventOfKind<E extends TimelineEvent, K extends TimelineEventKind>(event: E, kind: K): event is E & EventOfKind<K> {
  return event.kind === kind;
}

/** Validates a writer's payload for `kind`; throws a ZodError naming the field when it does not fit. */
export function parseEventData<K extends TimelineEventKind>(kind: K, data: EventDataInput<K>): EventData<K> {
  return TimelineEventDataSchemas[kind].parse(data) as EventData<K>;
}

/** A row as the database holds it: any kind, any data. */
export interface StoredEventRow {
  seq: number;
  /** The global id, when the row has one (schema 5 and later). */
  uid?: string | null | undefined;
  incidentId: string;
  ts: string;
  kind: string;
  actor: string;
  data: unknown;
}

/**
 * A stored row as a typed event. Rows from earlier versions are mapped to
 * today's shapes first ({@link upgradeStoredEvent}); a row whose kind is
 * unknown, or whose data does not fit its kind even after the mapping, is
 * kept as an 'unknown' event with its stored kind and data.
 */
export function toTimelineEvent(row: StoredEventRow, resolveSeq?: SeqResolver): TimelineEvent {
  const base = { seq: row.seq, incidentId: row.incidentId, ts: row.ts, actor: row.actor, ...(row.uid ? { uid: row.uid } : {}) };
  const raw = row.data !== null && typeof row.data === 'object' && !Array.isArray(row.data) ? (row.data as Record<string, unknown>) : {};
  const upgraded = upgradeStoredEvent(row.kind, raw, resolveSeq);
  if (upgraded && upgraded.kind in TimelineEventDataSchemas) {
    const parsed = TimelineEventDataSchemas[upgraded.kind as TimelineEventKind].safeParse(upgraded.data);
    if (parsed.success) return { ...base, kind: upgraded.kind, data: parsed.data } as TimelineEvent;
  }
  return { ...base, kind: 'unknown', data: { storedKind: row.kind, data: raw } };
}

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : value === undefined || value === null ? fallback : String(value));
const strOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * The global id of the event a stored seq names, or undefined when it
 * cannot be known. A seq is only meaningful in the database that assigned
 * it: readers pass a resolver only for rows written in that same database
 * (their author is this install), never for rows pulled from another
 * responder, whose seqs name other rows here.
 */
export type SeqResolver = (seq: number) => string | undefined;

/**
 * Maps rows written before the events were typed (schema 3 and earlier) to
 * today's shapes: `drill.inject` with `data.type` becomes the drill kinds of
 * their own, typed commands that stored `command` get `commandLine`, and
 * fields that were optional then get their neutral values. References that
 * named a local seq (`note.edited.editOf`, `event.starred.seq`) become the
 * referenced event's global id where `resolveSeq` knows it; where it does
 * not, the row stays in its old shape and reads as an 'unknown' event, so
 * it never points at the wrong event. Rows already in today's shape pass
 * through unchanged.
 */
export function upgradeStoredEvent(
  kind: string,
  data: Record<string, unknown>,
  resolveSeq?: SeqResolver,
): { kind: string; data: Record<string, unknown> } | null {
  switch (kind) {
    case 'note.edited': {
      if (typeof data.editOf !== 'number') return { kind, data };
      const editOf = resolveSeq?.(data.editOf);
      return { kind, data: editOf ? { ...data, editOf } : data };
    }
    case 'event.starred': {
      if (typeof data.eventUid === 'string' || typeof data.seq !== 'number') return { kind, data };
      const eventUid = resolveSeq?.(data.seq);
      if (!eventUid) return { kind, data };
      const { seq: _seq, ...rest } = data;
      return { kind, data: { ...rest, eventUid } };
    }
    case 'drill.inject':
      return upgradeDrillEvent(data);
    case 'command.manual':
      return {
        kind,
        data: {
          ...data,
          commandLine: str(data.commandLine ?? data.command),
          commandLineExact: data.commandLineExact !== false,
          exitCode: num(data.exitCode),
          durationMs: num(data.durationMs),
          cwd: strOrNull(data.cwd),
          state: data.state ?? 'finished',
        },
      };
    case 'incident.declared':
      return {
        kind,
        data: {
          ...data,
          title: str(data.title),
          kind: data.kind ?? 'incident',
          severity: data.severity ?? 'SEV4',
          services: Array.isArray(data.services) ? data.services : [],
          commander: strOrNull(data.commander),
          communicationsLead: strOrNull(data.communicationsLead),
          responders: Array.isArray(data.responders) ? data.responders : [],
        },
      };
    case 'step.started':
      return {
        kind,
        data: {
          ...data,
          ...legacyRunRef(data),
          runbookTitle: str(data.runbookTitle ?? data.runbookId),
          contentHash: str(data.contentHash),
          command: str(data.command),
          profile: strOrNull(data.profile),
          production: data.production === true,
          rollbackOf: strOrNull(data.rollbackOf),
          sentAs: data.sentAs === 'typed' ? 'typed' : 'script',
          tracked: data.tracked !== false,
        },
      };
    case 'step.finished':
      return {
        kind,
        data: {
          ...data,
          ...legacyRunRef(data),
          command: str(data.command),
          status: data.status ?? (num(data.exitCode) === 0 ? 'passed' : num(data.exitCode) === null ? 'unknown' : 'failed'),
          exitCode: num(data.exitCode),
          durationMs: num(data.durationMs),
          expect: data.expect && typeof data.expect === 'object' ? data.expect : null,
          message: strOrNull(data.message),
          rollbackOf: strOrNull(data.rollbackOf),
        },
      };
    case 'status.changed':
      return { kind, data: { ...data, from: data.from ?? 'investigating' } };
    case 'moment.set':
      return { kind, data: { ...data, from: strOrNull(data.from), to: strOrNull(data.to), automatic: data.automatic === true } };
    default:
      return { kind, data };
  }
}

/** The fields every step-run event of an earlier version may have left out. */
function legacyRunRef(data: Record<string, unknown>) {
  return {
    runId: str(data.runId),
    runbookId: str(data.runbookId),
    stepId: str(data.stepId),
    title: str(data.title ?? data.stepId),
    sessionId: str(data.sessionId),
    batchId: strOrNull(data.batchId),
  };
}

function upgradeDrillEvent(data: Record<string, unknown>): { kind: string; data: Record<string, unknown> } {
  const summary = str(data.summary);
  switch (data.type) {
    case 'drill-started':
      return {
        kind: 'drill.started',
        data: { runbookId: str(data.runbookId), runbookTitle: str(data.runbookTitle ?? data.runbookId), scenario: strOrNull(data.scenario), profile: strOrNull(data.profile), ownerPid: num(data.ownerPid) },
      };
    case 'lab-starting':
    case 'lab-started':
    case 'lab-healthy':
    case 'lab-broken':
      return {
        kind: 'drill.lab',
        data: { state: (data.type as string).slice(4), scenario: strOrNull(data.scenario), detail: summary.replace(/^Lab (healthy|broken) again: /, ''), labDir: strOrNull(data.labDir) },
      };
    case 'fault':
      return { kind: 'drill.fault', data: { scenario: strOrNull(data.scenario), fault: summary.replace(/^T\+0: fault injected — /, '') } };
    case 'message':
    case 'action':
      return { kind: 'drill.inject', data: { at: str(data.at), message: str(data.message ?? summary), action: strOrNull(data.action), result: strOrNull(data.result) } };
    case 'problem':
      return { kind: 'drill.problem', data: { message: summary } };
    case 'ended':
      return { kind: 'drill.ended', data: { outcome: data.outcome === 'resolved' || data.outcome === 'abandoned' ? data.outcome : null, message: summary } };
    default:
      // Already a typed inject (at/message/action/result) or something unknown: let the schema decide.
      return { kind: 'drill.inject', data };
  }
}

/** An incident or drill: the container the timeline belongs to. */
export const IncidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: IncidentKindSchema,
  createdAt: z.string(),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** The data of `event`, which must be of kind `kind` (throws otherwise, naming both): for readers that already know the kind. */
export function dataOf<K extends TimelineEventKind>(event: TimelineEvent | undefined, kind: K): EventData<K> {
  if (!event || event.kind !== kind) throw new Error(`expected a ${kind} event, got ${event ? event.kind : 'nothing'}`);
  return event.data as EventData<K>;
}
