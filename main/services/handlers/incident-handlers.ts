import type { incidentRequests } from '../../../shared/ipc/channels/incident-channels';
import type { IncidentService } from '../../incidents/incident-service';
import type { HandlersFor } from '../contract-router';

/**
 * Handlers of incident-channels.ts over the incident service. Every read of
 * recorded output (the output tail, search, which indexes output as it
 * catches up, an export and its preview) first awaits `outputSettled`:
 * output still queued for the writer is in the record before it is read.
 */
export function incidentHandlers(service: () => IncidentService, outputSettled: () => Promise<void>): HandlersFor<typeof incidentRequests> {
  const afterOutput =
    <A, R>(read: (request: A) => R) =>
    async (request: A): Promise<R> => {
      await outputSettled();
      return read(request);
    };
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
    'timeline:output': afterOutput(({ sessionId, runId, maxBytes }) => service().output({ sessionId, runId }, maxBytes)),
    'search:query': afterOutput(({ text, incidentId, realIncidentsOnly, limit }) => service().search(text, { incidentId, realIncidentsOnly, limit })),
    'export:render': afterOutput(({ incidentId, format, secretValues, path }) => ({ files: service().export(incidentId, format, secretValues, path) })),
    'export:preview': afterOutput(({ incidentId, secretValues }) => service().previewExport(incidentId, secretValues)),
    'backup:now': () => service().backupNow(),
    'backup:list': () => service().backups(),
    'record:settings': ({ redactAtWrite }) => ({
      redactAtWrite: redactAtWrite === undefined ? service().redactAtWrite : service().setRedactAtWrite(redactAtWrite),
    }),
  };
}
