import { ContractFailure } from '../../shared/ipc/envelope';
import type { Incident, TimelineEvent, TimelineEventKind } from '../../shared/model/timeline';
import type { EventStore } from '../store/event-store';
import { diskFullLossMessage, isDiskFull } from '../store/store-errors';
import type { EventHub } from './event-hub';
import type { RecordGapData } from '../../shared/model/record-gap';
import { RecordGap } from './record-gap';

/** Told about each event after it is committed and announced. */
export type CommittedListener = (event: TimelineEvent) => void;

/**
 * Writes timeline events for the active incident and announces each one only
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

  /** The active incident (persisted; switching it takes effect at once). */
  currentIncident(): Incident {
    return this.guard(() => this.requireStore().activeIncident());
  }

  /** Commits an event to the active incident, announces it, then tells the listeners. */
  record(kind: TimelineEventKind, data: Record<string, unknown>, actor?: string): TimelineEvent {
    const store = this.requireStore();
    const { event, gap } = this.guard(
      () =>
        this.gap.empty
          ? { gap: null, event: store.append(store.activeIncident().id, kind, data, actor) }
          : // One transaction: the gap is noted right before the event, in the same incident, or neither is written.
            store.transaction(() => {
              const incidentId = store.activeIncident().id;
              const gapEvent = store.append(incidentId, 'record.gap', { ...this.gap.current });
              return { gap: gapEvent, event: store.append(incidentId, kind, data, actor) };
            }),
      { kind, data },
    );
    if (gap) this.gapNoted(gap);
    this.announce(event);
    return event;
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
    const store = this.store;
    try {
      this.gapNoted(store.append(store.activeIncident().id, 'record.gap', { ...data }));
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
      const failure = new ContractFailure('unavailable', diskFullLossMessage(this.databasePath, what));
      this.warn(failure.message);
      this.hub.emit('record:warning', { message: failure.message });
      throw failure;
    }
  }

  private requireStore(): EventStore {
    if (!this.store) {
      throw new ContractFailure(
        'unavailable',
        `${this.unavailableReason} Steps are not run while they cannot be recorded; the terminal still works.`,
      );
    }
    return this.store;
  }
}
