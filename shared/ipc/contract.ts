import type { z } from 'zod';
import { alertEvents, alertRequests } from './channels/alert-channels';
import { appEvents, appRequests } from './channels/app-channels';
import { checklistEvents, checklistRequests } from './channels/checklist-channels';
import { drillEvents, drillRequests } from './channels/drill-channels';
import { incidentEvents, incidentRequests } from './channels/incident-channels';
import { runbookEvents, runbookRequests } from './channels/runbook-channels';
import { settingsEvents, settingsRequests } from './channels/settings-channels';
import { stepEvents, stepRequests } from './channels/step-channels';
import { terminalEvents, terminalRequests } from './channels/terminal-channels';
import { teamEvents, teamRequests } from './channels/team-channels';
import { timelineEvents, timelineRequests } from './channels/timeline-channels';

/**
 * The one IPC contract between main and renderer. Every request channel and
 * every main→renderer event is declared once, with a zod schema, in a file
 * per domain under channels/; this module joins them. Main validates each
 * request payload before its handler runs; the preload and the browser host
 * expose exactly these names and nothing else.
 */
export const requestChannels = {
  ...appRequests,
  ...runbookRequests,
  ...settingsRequests,
  ...terminalRequests,
  ...stepRequests,
  ...timelineRequests,
  ...incidentRequests,
  ...checklistRequests,
  ...drillRequests,
  ...teamRequests,
  ...alertRequests,
} as const;

export const eventChannels = {
  ...appEvents,
  ...runbookEvents,
  ...settingsEvents,
  ...terminalEvents,
  ...stepEvents,
  ...timelineEvents,
  ...incidentEvents,
  ...checklistEvents,
  ...drillEvents,
  ...teamEvents,
  ...alertEvents,
} as const;

export type RequestChannel = keyof typeof requestChannels;
export type EventChannel = keyof typeof eventChannels;
/** What a caller passes (defaults may be omitted). */
export type RequestOf<C extends RequestChannel> = z.input<(typeof requestChannels)[C]['request']>;
/** What a handler receives after validation (defaults filled in). */
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requestChannels)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requestChannels)[C]['response']>;
export type EventOf<E extends EventChannel> = z.output<(typeof eventChannels)[E]>;

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestChannels, name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(eventChannels, name);
}

/** The prefix every Electron IPC channel carries, so stray channels are easy to refuse. */
export const IPC_PREFIX = 'firebreak:';
