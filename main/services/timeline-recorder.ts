import { ContractFailure } from '../../shared/ipc/envelope';
import type { EventDataInput, EventOfKind, Incident, TimelineEvent, TimelineEventKind } from '../../shared/model/timeline';
import type { EventStore, RunbookSnapshotInput } from '../store/event-store';
import { diskFullFailure, isDiskFull } from '../store/store-errors';
import type { EventHub } from './event-hub';

/** One event to write with {@link TimelineRecorder.recordTogether}. */
export type EventEntry = { [K in TimelineEventKind]: { kind: K; data: EventDataInput<K>; actor?: string } }[TimelineEventKind];

/** Told about each event after it is committed and announced. */
export type CommittedListener = (event: TimelineEvent) => void;

/**
 * Writes timeline events for the active incident and announces each one only
 * after it is committed. When the database could not be opened, every write
 * is refused with the reason, so nothing is silently left off the record.
 * When the disk is full the write is refused with a plain message (and a
 * 'record:warning' event); the terminal itself keeps working.
 */
export class TimelineRecorder {
  private readonly listeners = new Set<CommittedListener>();

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

  /** The active incident's id, if any (a query: creates nothing). */
  activeIncidentId(): string | undefined {
    return this.store?.activeIncidentId();
  }

  /** Commits an event to `incidentId`, announces it, then tells the listeners. */
  record<K extends TimelineEventKind>(incidentId: string, kind: K, data: EventDataInput<K>, actor?: string): EventOfKind<K> {
    const store = this.requireStore();
    const event = this.guard(() => store.append(incidentId, kind, data, actor));
    this.announce(event);
    return event;
  }

  /**
   * Commits several events to `incidentId` in one transaction — all or none
   * — after storing `snapshot` (the runbook text they refer to) when given;
   * then announces them. A step's pre-send records go through here: one
   * fsync, and a step is never on the record half-started.
   */
  recordTogether(incidentId: string, entries: readonly EventEntry[], snapshot?: RunbookSnapshotInput): TimelineEvent[] {
    const store = this.requireStore();
    const events = this.guard(() =>
      store.transaction(() => {
        const written: TimelineEvent[] = [];
        if (snapshot) {
          const opened = store.snapshotRunbook(incidentId, snapshot);
          if (opened) written.push(opened);
        }
        for (const entry of entries) written.push(store.append(incidentId, entry.kind, entry.data as never, entry.actor));
        return written;
      }),
    );
    for (const event of events) this.announce(event);
    return events;
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

  /** Runs a store call, turning a full disk into a plain-words failure and warning. */
  guard<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      const failure = diskFullFailure(this.databasePath);
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
