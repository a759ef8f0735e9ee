import type { RequestChannel } from '../../../shared/ipc/contract';

/**
 * What the browser host's bridge does with a call when the connection to the
 * host is down. A read may wait for the connection, and may be sent again when
 * it was cut off in flight: sending it late or twice changes nothing. (Calls
 * that act wait only for the page's first connection, as it loads.) Every
 * other call acts (runs, records, starts, trusts…): after the connection has
 * dropped it fails at once, so nothing the responder asked for happens minutes
 * later, or twice after they tried again. An allow-list, so that a channel
 * added to the contract acts-until-told-otherwise.
 */
export const MAY_WAIT_FOR_CONNECTION: ReadonlySet<RequestChannel> = new Set<RequestChannel>([
  'app:info',
  'links:resolve',
  'drill:scenarios',
  'drill:status',
  'drill:score',
  'drill:report',
  'incident:list',
  'incident:get',
  'incident:active',
  'incident:current',
  'event:starred',
  'timeline:list',
  'timeline:output',
  'search:query',
  'export:preview',
  'export:render',
  'backup:list',
  'runbooks:list',
  'runbooks:get',
  'runbooks:search',
  'runbooks:folders',
  'runbooks:trustReview',
  'settings:preferences',
  'settings:getPreference',
  'step:plan',
  'step:dryRun',
  'step:list',
  'team:connection',
  'team:lag',
  'team:status',
  'team:presence',
  'team:search',
  'team:output-sharing',
  'team:invite',
  'terminal:shells',
  'terminal:list',
  'terminal:attach',
  'terminal:resize',
  'terminal:ack',
]);

/**
 * Calls that put commands into a shell: they fail at once whenever the socket
 * is not open, even before its first connection.
 */
const RUNS: ReadonlySet<RequestChannel> = new Set<RequestChannel>(['step:run', 'step:runAll', 'step:rollback']);
export const NEVER_WAITS: ReadonlySet<RequestChannel> = new Set<RequestChannel>([...RUNS, 'terminal:input']);

/** What did not happen, for the calls a responder makes most; others get the general words. */
const NOT_DONE: Partial<Record<RequestChannel, string>> = {
  'step:run': 'nothing was run',
  'step:runAll': 'nothing was run',
  'step:rollback': 'nothing was run',
  'terminal:input': 'what you typed was not sent to the shell',
  'step:cancel': 'nothing was cancelled: the step goes on running on the host',
  'note:add': 'the note was not saved',
  'note:edit': 'the note was not changed',
  'incident:declare': 'no incident was declared',
  'incident:set-status': 'the status was not changed',
  'incident:switch': 'the incident was not switched',
  'drill:start': 'the drill did not start',
  'drill:end': 'the drill was not ended',
  'terminal:open': 'no shell was opened',
  'terminal:restart': 'the shell was not restarted',
  'terminal:close': 'the shell was not closed',
  'runbooks:trust': 'nothing was trusted',
};

/** The error for a call refused because the connection is down: what did not happen, and what to do. */
export function notSentMessage(channel: RequestChannel): string {
  const what = NOT_DONE[channel] ?? 'this was not done';
  const again = channel === 'terminal:input' ? 'Type it again' : RUNS.has(channel) ? 'Run it again' : 'Try again';
  return `Not connected to the Firebreak host, so ${what}. ${again} once the connection is back.`;
}

/** The error for an acting call whose answer was lost with the connection: it may or may not have been done. */
export function cutOffMessage(channel: RequestChannel): string {
  return channel === 'terminal:input'
    ? 'Lost the connection to the Firebreak host as you typed: what you typed may or may not have reached the shell. Look at the terminal once the connection is back.'
    : 'Lost the connection to the Firebreak host before it answered: this may or may not have been done. Check the timeline once the connection is back before trying again.';
}

/** The error for every call once this page can no longer reach the host for good (a new token, or the bridge closed). */
export const ACCESS_ENDED_MESSAGE = 'This page is no longer connected to the Firebreak host, so this was not done. Reload the page, or open the URL "firebreak serve" printed.';
