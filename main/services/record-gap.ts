import { describeLostEvent, formatLostBytes, type LostEvent, type RecordGapData } from '../../shared/model/record-gap';

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
    return `${formatLostBytes(bytes)} of terminal output`;
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
