/** One timeline event that could not be written. */
export interface LostEvent {
  kind: string;
  /** Set for step events, so the gap names the step. */
  stepId?: string;
  runId?: string;
  title?: string;
  at: string;
}

/** The data of a `record.gap` event: what the record is missing, and between which times it was lost. */
export interface RecordGapData {
  /** When the first write failed (ISO 8601). */
  since: string;
  /** When the last write failed. */
  until: string;
  /** The events not recorded, in the order they were lost. */
  lostEvents: LostEvent[];
  /** Bytes of terminal output that could not be written. */
  lostOutputBytes: number;
  /** Why, in words (e.g. the disk was full). */
  reason: string;
}

/**
 * What a run of failed writes (a full disk) left out of the record, kept
 * until a write succeeds again so the record can say where its hole is.
 */
export class RecordGap {
  private data: RecordGapData | null = null;

  constructor(private readonly now: () => Date = () => new Date()) {}

  get empty(): boolean {
    return this.data === null;
  }

  /** A copy of what was lost so far, or null. */
  get current(): RecordGapData | null {
    return this.data && { ...this.data, lostEvents: [...this.data.lostEvents] };
  }

  /** Notes an event that was not written; returns how it is named to the user. */
  lostEvent(kind: string, data: Record<string, unknown>, reason: string): string {
    const at = this.now().toISOString();
    const lost: LostEvent = { kind, at };
    for (const key of ['stepId', 'runId', 'title'] as const) {
      if (typeof data[key] === 'string') lost[key] = data[key];
    }
    this.open(at, reason).lostEvents.push(lost);
    return describeLostEvent(lost);
  }

  /** Notes terminal output that was not written; returns how it is named to the user. */
  lostOutput(bytes: number, reason: string): string {
    this.open(this.now().toISOString(), reason).lostOutputBytes += bytes;
    return `${formatBytes(bytes)} of terminal output`;
  }

  /** Forgets the gap once the record has noted it. */
  clear(): void {
    this.data = null;
  }

  private open(at: string, reason: string): RecordGapData {
    this.data ??= { since: at, until: at, lostEvents: [], lostOutputBytes: 0, reason };
    this.data.until = at;
    return this.data;
  }
}

/** "step.finished of step "flood"", or the kind alone. */
export function describeLostEvent(lost: Pick<LostEvent, 'kind' | 'stepId'>): string {
  return lost.stepId ? `${lost.kind} of step "${lost.stepId}"` : lost.kind;
}

/** Everything a gap holds, in one line: `step.finished of step "flood", 2.9 MB of terminal output`. */
export function describeGap(gap: RecordGapData): string {
  const parts = gap.lostEvents.map(describeLostEvent);
  if (gap.lostOutputBytes > 0) parts.push(`${formatBytes(gap.lostOutputBytes)} of terminal output`);
  return parts.join(', ');
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB (${bytes} bytes)`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB (${bytes} bytes)`;
}
