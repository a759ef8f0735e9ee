import type { timelineRequests } from '../../../shared/ipc/channels/timeline-channels';
import type { HandlersFor } from '../contract-router';
import type { TimelineRecorder } from '../timeline-recorder';

export function timelineHandlers(recorder: TimelineRecorder): HandlersFor<typeof timelineRequests> {
  return {
    'incident:current': () => recorder.incidentForAction(),
    'timeline:list': ({ incidentId, afterSeq, limit }) => recorder.list(incidentId, afterSeq, limit),
  };
}
