import { parseSeverityMap, type IncidentSeverity } from '../../../shared/alerts/alert-incident';
import { AlertPayloadError, parseAlertPayloadText } from '../../../shared/alerts/parse-alert';
import type { alertRequests } from '../../../shared/ipc/channels/alert-channels';
import { ContractFailure } from '../../../shared/ipc/envelope';
import type { Runbook } from '../../../shared/model/runbook';
import type { LinkInbox } from '../../alerts/link-inbox';
import { openRunbookLink } from '../../alerts/open-link';
import type { IncidentService } from '../../incidents/incident-service';
import type { HandlersFor } from '../contract-router';
import type { TimelineRecorder } from '../timeline-recorder';

/** The preference holding the severity mapping (`critical=SEV1,warning=SEV3`), as `firebreak page` reads it. */
export const SEVERITY_MAP_PREFERENCE = 'alerts.severityMap';

export interface AlertHandlerParts {
  incidents: () => IncidentService;
  runbooks: () => readonly Runbook[];
  runbook: (id: string) => Runbook | undefined;
  recorder: TimelineRecorder;
  links: LinkInbox;
  preference: (key: string) => unknown;
}

export function alertHandlers(parts: AlertHandlerParts): HandlersFor<typeof alertRequests> {
  return {
    'alerts:page': ({ payload }) => {
      let parsed;
      let severityMap: Record<string, IncidentSeverity> = {};
      try {
        parsed = parseAlertPayloadText(payload);
        const setting = parts.preference(SEVERITY_MAP_PREFERENCE);
        if (typeof setting === 'string') severityMap = parseSeverityMap(setting);
      } catch (error) {
        throw new ContractFailure('bad_request', error instanceof AlertPayloadError ? error.message : (error as Error).message);
      }
      const result = parts.incidents().page(parsed, { severityMap, runbooks: parts.runbooks() });
      return {
        action: result.action,
        incident: result.summary,
        suggestions: result.suggestions,
        suggestedMitigatedAt: result.suggestedMitigatedAt,
        warnings: result.warnings,
        message: result.message,
      };
    },
    'links:resolve': ({ url }) => openRunbookLink(url, parts.runbook),
    'links:take': () => ({ link: parts.links.take(), invite: parts.links.takeInvite() }),
    'comms:record': ({ incidentId, markdown, plain, status, severity, nextUpdateAt, channel }) => {
      const event = parts.recorder.record(incidentId, 'comms.update', { markdown, plain, status, severity, nextUpdateAt, channel });
      return { seq: event.seq };
    },
  };
}
