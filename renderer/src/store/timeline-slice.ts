import type { StateCreator } from 'zustand';
import type { Incident, TimelineEvent } from '../../../shared/model/timeline';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';

export interface TimelineSlice {
  incident: Incident | null;
  events: TimelineEvent[];
  loadTimeline(): Promise<void>;
  /** A committed event arrived from main; duplicates (after a reload race) are ignored. */
  receiveEvent(event: TimelineEvent): void;
}

export const createTimelineSlice: StateCreator<AppState, [], [], TimelineSlice> = (set, get) => ({
  incident: null,
  events: [],
  async loadTimeline() {
    try {
      const incident = await call('incident:current', {});
      const events = await call('timeline:list', { incidentId: incident.id });
      set({ incident, events: mergeEvents(get().events, events) });
    } catch (error) {
      get().reportError(error);
    }
  },
  receiveEvent(event) {
    const incident = get().incident;
    if (incident && event.incidentId !== incident.id) return;
    set({ events: mergeEvents(get().events, [event]) });
  },
});

function mergeEvents(current: TimelineEvent[], incoming: TimelineEvent[]): TimelineEvent[] {
  const bySeq = new Map(current.map((event) => [event.seq, event]));
  for (const event of incoming) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
