import type { EventOfKind, TimelineEvent } from '../../../shared/model/timeline';

/** A row of the timeline list: one event, or the params one run exported, folded together. */
export type TimelineRow = { type: 'event'; event: TimelineEvent } | { type: 'params'; events: Array<EventOfKind<'param.set'>> };

/** Fewer consecutive param events than this stay as rows of their own. */
export const PARAM_GROUP_MIN = 3;

/**
 * Folds the params a step run exported (one event per param, all recorded
 * together) into one row, so the first run of a runbook with thirty params
 * does not push everything else off the panel. An event that is starred or
 * being revealed (a search hit) is never folded away.
 */
export function groupTimelineRows(events: TimelineEvent[], keepVisible: (event: TimelineEvent) => boolean): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let run: Array<EventOfKind<'param.set'>> = [];
  const flush = () => {
    if (run.length >= PARAM_GROUP_MIN) rows.push({ type: 'params', events: run });
    else for (const event of run) rows.push({ type: 'event', event });
    run = [];
  };
  for (const event of events) {
    if (event.kind === 'param.set' && !keepVisible(event)) {
      if (run.length > 0 && run[0]!.data.runId !== event.data.runId) flush();
      run.push(event);
      continue;
    }
    flush();
    rows.push({ type: 'event', event });
  }
  flush();
  return rows;
}
