import type { incidentRequests } from '../../../shared/ipc/channels/incident-channels';
import type { IncidentService } from '../../incidents/incident-service';
import type { HandlersFor } from '../contract-router';

/**
 * Handlers of incident-channels.ts over the incident service. A read of
 * recorded output (the output tail, an export, its preview) first awaits
 * `outputSettled`: output still queued for the writer is in the record
 * before it is read.
 */
export function incidentHandlers(service: () => IncidentService, outputSettled: () => Promise<void> = () => Promise.resolve()): HandlersFor<typeof incidentRequests> {
  return {
    'incident:list': ({ scope, statuses, severities, text, limit }) => service().list(scope, { statuses, severities, text, limit }),
    'incident:get': ({ incidentId }) => service().get(incidentId),
    'incident:active': () => service().active(),
    'incident:declare': (input) => service().declare(input),
    'incident:update': ({ incidentId, ...patch }) => service().update(incidentId, patch),
    'incident:set-status': ({ incidentId, status }) => service().setStatus(incidentId, status),
    'incident:set-roles': ({ incidentId, ...roles }) => service().setRoles(incidentId, roles),
    'incident:set-moment': ({ incidentId, moment, at }) => service().setMoment(incidentId, moment, at),
    'incident:switch': ({ incidentId }) => service().switchActive(incidentId),
    'incident:runbook-opened': ({ runbookId }) => ({ event: service().runbookOpened(runbookId) }),
    'note:add': ({ incidentId, text }) => service().addNote(incidentId, text),
    'note:edit': ({ incidentId, noteId, text }) => service().editNote(incidentId, noteId, text),
    'event:star': ({ seq, starred }) => service().star(seq, starred),
    'event:starred': ({ incidentId }) => service().starred(incidentId),
    'timeline:output': async ({ sessionId, runId, maxBytes }) => {
      await outputSettled();
      return service().output({ sessionId, runId }, maxBytes);
    },
    'search:query': ({ text, incidentId, realIncidentsOnly, limit }) =>
      service().search(text, { incidentId, realIncidentsOnly, limit }),
    'export:render': async ({ incidentId, format, secretValues, path }) => {
      await outputSettled();
      return { files: service().export(incidentId, format, secretValues, path) };
    },
    'export:preview': async ({ incidentId, secretValues }) => {
      await outputSettled();
      return service().previewExport(incidentId, secretValues);
    },
    'backup:now': () => service().backupNow(),
    'backup:list': () => service().backups(),
    'record:settings': ({ redactAtWrite }) => ({
      redactAtWrite: redactAtWrite === undefined ? service().redactAtWrite : service().setRedactAtWrite(redactAtWrite),
    }),
  };
}
