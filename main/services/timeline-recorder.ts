import { ContractFailure } from '../../shared/ipc/envelope';
import type { Incident, TimelineEvent, TimelineEventKind } from '../../shared/model/timeline';
import type { EventStore } from '../store/event-store';
import type { EventHub } from './event-hub';

/**
 * Writes timeline events for the active incident and announces each one only
 * after it is committed. When the database could not be opened, every write
 * is refused with the reason, so nothing is silently left off the record.
 */
export class TimelineRecorder {
  private incident: Incident | undefined;

  constructor(
    private readonly store: EventStore | null,
    private readonly hub: EventHub,
    private readonly unavailableReason = 'The timeline database is unavailable.',
  ) {}

  get available(): boolean {
    return this.store !== null;
  }

  currentIncident(): Incident {
    const store = this.requireStore();
    this.incident ??= store.activeIncident();
    return this.incident;
  }

  record(kind: TimelineEventKind, data: Record<string, unknown>): TimelineEvent {
    const store = this.requireStore();
    const event = store.append(this.currentIncident().id, kind, data);
    this.hub.emit('timeline:appended', event);
    return event;
  }

  list(incidentId: string, afterSeq: number, limit: number): TimelineEvent[] {
    return this.requireStore().list(incidentId, afterSeq, limit);
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
