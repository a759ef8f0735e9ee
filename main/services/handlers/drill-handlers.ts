import type { drillRequests } from '../../../shared/ipc/channels/drill-channels';
import type { DrillService } from '../../drills/drill-service';
import type { HandlersFor } from '../contract-router';

/** The drill:* channels over the drill service (`service` throws when drills are unavailable, e.g. without a database). */
export function drillHandlers(service: () => DrillService): HandlersFor<typeof drillRequests> {
  return {
    'drill:scenarios': () => service().scenarios(),
    'drill:start': ({ runbookId, injects, cols, rows }) => service().start(runbookId, { ...(injects ? { injects } : {}), cols, rows }),
    'drill:status': () => service().status(),
    'drill:end': ({ outcome }) => service().end(outcome),
    'drill:score': ({ incidentId }) => service().score(incidentId),
    'drill:report': ({ incidentId, format }) => service().report(incidentId, format),
  };
}
