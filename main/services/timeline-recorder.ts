import { ContractFailure } from '../../shared/ipc/envelope';
import type { Incident, TimelineEvent, TimelineEventKind } from '../../shared/model/timeline';
import type { EventStore } from '../store/event-store';
import { diskFullFailure, isDiskFull } from '../store/store-errors';
import type { EventHub } from './event-hub';

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

  /** The active incident (persisted; switching it takes effect at once). */
  currentIncident(): Incident {
    return this.guard(() => this.requireStore().activeIncident());
  }

  /** Commits an event to the active incident, announces it, then tells the listeners. */
  record(kind: TimelineEventKind, data: Record<string, unknown>, actor?: string): TimelineEvent {
    const store = this.requireStore();
    const event = this.guard(() => store.append(store.activeIncident().id, kind, data, actor));
    this.announce(event);
    return event;
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
