import type { ResponseOf } from '../../../shared/ipc/contract';
import type { TimelineEvent } from '../../../shared/model/timeline';
import { useAppStore } from '../store/app-store';

type SearchHit = ResponseOf<'search:query'>[number];

/**
 * The timeline event a hit belongs to: the event itself, or for output the
 * step run that produced it, else the last event of its session before it,
 * else the last event before it.
 */
export function eventForHit(hit: SearchHit, events: readonly TimelineEvent[]): TimelineEvent | undefined {
  if (hit.source === 'event') return events.find((event) => event.seq === hit.ref);
  if (hit.runId) {
    const run = events.find((event) => event.kind === 'step.started' && event.data.runId === hit.runId);
    if (run) return run;
  }
  const before = hit.ts ? events.filter((event) => event.ts <= hit.ts!) : [...events];
  return before.reverse().find((event) => hit.sessionId !== null && sessionOf(event) === hit.sessionId) ?? before[0];
}

function sessionOf(event: TimelineEvent): string | null {
  const data = event.kind === 'unknown' ? event.data.data : (event.data as Record<string, unknown>);
  return typeof data.sessionId === 'string' ? data.sessionId : null;
}

/** Switches to the hit's incident when it is another one, then scrolls the timeline to its event. */
export async function openSearchHit(hit: SearchHit): Promise<void> {
  const store = useAppStore.getState();
  if (hit.incidentId && hit.incidentId !== store.incident?.id) {
    const switched = await store.switchIncident(hit.incidentId);
    if (!switched) return;
  }
  // The switch loads the other timeline; read it once it is there.
  await useAppStore.getState().loadTimeline();
  const target = eventForHit(hit, useAppStore.getState().events);
  if (target) useAppStore.getState().revealEvent(target.seq);
  else useAppStore.getState().notify('That event is no longer in the timeline view.');
}
