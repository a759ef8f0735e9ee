import { Unavailable } from '../../shared/model/domain-errors';
import type { EventDataInput, EventOfKind, Incident, TimelineEvent, TimelineEventKind } from '../../shared/model/timeline';
import type { EventStore, RunbookSnapshotInput } from '../store/event-store';
import { diskFullLossMessage, isDiskFull } from '../store/store-errors';
import type { EventHub } from './event-hub';
import type { RecordGapData } from '../../shared/model/record-gap';
import { RecordGap } from './record-gap';

/** One event to write with {@link TimelineRecorder.recordTogether}. */
export type EventEntry = { [K in TimelineEventKind]: { kind: K; data: EventDataInput<K>; actor?: string } }[TimelineEventKind];

/** Told about each event after it is committed and announced. */
export type CommittedListener = (event: TimelineEvent) => void;

/**
 * Writes timeline events to the incident each caller names (resolved where
 * the responder acted, never at write time) and announces each one only
 * after it is committed. When the database could not be opened, every write
 * is refused with the reason, so nothing is silently left off the record.
 * When the disk is full the write is refused with a plain message naming
 * what was not recorded (and a 'record:warning' event); the terminal itself
 * keeps working. What was lost is kept, and the first write that succeeds
 * again is preceded by a 'record.gap' event saying what is missing and when.
 */
export class TimelineRecorder {
  private readonly listeners = new Set<CommittedListener>();
  private readonly gap = new RecordGap();
  /** Gaps already noted in the record: the events are still missing from it. */
  private readonly notedGaps: RecordGapData[] = [];

  constructor(
    private readonly store: EventStore | null,
    private readonly hub: EventHub,
    private readonly unavailableReason = 'The timeline database is unavailable.',
    private readonly databasePath = 'the database',
    private readonly warn: (message: string) => void = () => {},
  ) {}

  get available(): boolean {
    return this.store !== null;
  }

  /**
   * The incident a responder's action records into, resolved at the moment
   * they act: the active one, or a new practice session when there is none.
   * Whatever the action writes afterwards goes to this id, even if another
   * incident becomes active meanwhile (a drill starts mid-run).
   */
  incidentForAction(): Incident {
    return this.guard(() => this.requireStore().incidentForAction());
  }

  /** Where an incident stands, or undefined without a record or such an incident. */
  incidentStatus(incidentId: string): string | undefined {
    return this.store?.incidentStatus(incidentId);
  }

  /** The active incident's id, if any (a query: creates nothing). */
  activeIncidentId(): string | undefined {
    return this.store?.activeIncidentId();
  }

  /** Commits an event to `incidentId`, announces it, then tells the listeners. */
  record<K extends TimelineEventKind>(incidentId: string, kind: K, data: EventDataInput<K>, actor?: string): EventOfKind<K> {
    const [event] = this.recordTogether(incidentId, [{ kind, data, ...(actor ? { actor } : {}) } as EventEntry]);
    return event as EventOfKind<K>;
  }

  /**
   * Commits several events to `incidentId` in one transaction — all or none
   * — after storing `snapshot` (the runbook text they refer to) when given;
   * then announces them. A step's pre-send records go through here: one
   * fsync, and a step is never on the record half-started. A gap left by
   * earlier failed writes is noted first, in the same incident, so it sits
   * where the hole is.
   */
  recordTogether(incidentId: string, entries: readonly EventEntry[], snapshot?: RunbookSnapshotInput): TimelineEvent[] {
    const store = this.requireStore();
    const { gap, events } = this.guard(
      () =>
        store.transaction(() => {
          const gapEvent = this.gap.empty ? null : store.append(incidentId, 'record.gap', { ...this.gap.current! });
          const written: TimelineEvent[] = [];
          if (snapshot) {
            const opened = store.snapshotRunbook(incidentId, snapshot);
            if (opened) written.push(opened);
          }
          for (const entry of entries) written.push(store.append(incidentId, entry.kind, entry.data as never, entry.actor));
          return { gap: gapEvent, events: written };
        }),
      entries.length ? { kind: entries[entries.length - 1]!.kind, data: entries[entries.length - 1]!.data as Record<string, unknown> } : undefined,
    );
    if (gap) this.gapNoted(gap);
    for (const event of events) this.announce(event);
    return events;
  }

  /** Everything failed writes left out of the record since this recorder started, noted in it or not. */
  get unrecorded(): RecordGapData[] {
    const current = this.gap.current;
    return current ? [...this.notedGaps, current] : [...this.notedGaps];
  }

  /** Writes the pending record.gap now, if there is one and there is room again; false when it could not. */
  noteGap(): boolean {
    const data = this.gap.current;
    if (!data || !this.store) return false;
    const incidentId = this.store.activeIncidentId();
    if (!incidentId) return false;
    try {
      this.gapNoted(this.store.append(incidentId, 'record.gap', { ...data }));
      return true;
    } catch {
      // Still no room: the gap stays pending and is said by whoever reads `unrecorded`.
      return false;
    }
  }

  private gapNoted(event: TimelineEvent): void {
    const data = this.gap.current;
    if (data) this.notedGaps.push(data);
    this.gap.clear();
    this.announce(event);
  }

  /**
   * Terminal output that could not be written (the output recorder's
   * onError): said at once, in a persistent warning, and noted in the gap.
   */
  outputLost(bytes: number, error: Error): void {
    const full = isDiskFull(error);
    const lost = this.gap.lostOutput(bytes, full ? 'the disk was full' : error.message);
    const message = full ? diskFullLossMessage(this.databasePath, lost) : `Terminal output could not be recorded (${error.message}): NOT recorded: ${lost}.`;
    this.warn(message);
    this.hub.emit('record:warning', { message });
  }

  /** Announces events already committed elsewhere (incident changes) and tells the listeners. */
  announce(event: TimelineEvent): void {
    this.hub.emit('timeline:appended', event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A follow-up (automatic moment, snapshot) failing must not undo a committed event.
        this.warn(`firebreak: after-commit step failed: ${(error as Error).message}`);
      }
    }
  }

  /** Subscribes to committed events; returns the unsubscribe. */
  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(incidentId: string, afterSeq: number, limit: number): TimelineEvent[] {
    return this.requireStore().list(incidentId, afterSeq, limit);
  }

  /**
   * Runs a store call, turning a full disk into a plain-words failure and
   * warning that name what was lost (`lost`: the event being written).
   */
  guard<T>(write: () => T, lost?: { kind: TimelineEventKind; data: Record<string, unknown> }): T {
    try {
      return write();
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      const what = lost ? this.gap.lostEvent(lost.kind, lost.data, 'the disk was full') : 'the last action';
      const failure = new Unavailable(diskFullLossMessage(this.databasePath, what));
      this.warn(failure.message);
      this.hub.emit('record:warning', { message: failure.message });
      throw failure;
    }
  }

  private requireStore(): EventStore {
    if (!this.store) {
      throw new Unavailable(
        `${this.unavailableReason} Steps are not run while they cannot be recorded; the terminal still works.`,
      );
    }
    return this.store;
  }
}
