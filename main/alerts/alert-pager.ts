import type { IncidentMetadata } from '../../shared/export/incident-record';
import { incidentFromAlerts, type IncidentSeverity } from '../../shared/alerts/alert-incident';
import { suggestRunbooks, type RunbookSuggestion } from '../../shared/alerts/match-runbooks';
import type { AlertPayload, ReceivedAlert } from '../../shared/alerts/parse-alert';
import type { Runbook } from '../../shared/model/runbook';
import type { TimelineEvent } from '../../shared/model/timeline';
import type { IncidentChange, IncidentStore } from '../store/incident-store';
import { openIncidentWithAlert } from '../store/alert-records';
import type { EventStore } from '../store/event-store';

/** What paging did with one payload. */
export interface PageResult {
  /** 'declared' a new incident, 'joined' an open one (same fingerprint or group key), or 'ignored' (only resolved alerts, no open incident has them). */
  action: 'declared' | 'joined' | 'ignored';
  incident: IncidentMetadata | null;
  /** The committed events ('incident.declared', 'alert.received', …), to announce. */
  events: TimelineEvent[];
  /** Runbooks for the first firing alert (or the first alert), best first, with reasons and filled params. */
  suggestions: RunbookSuggestion[];
  /** When every alert of the payload has resolved and the incident is open without a mitigation time: the latest endsAt. */
  suggestedMitigatedAt: string | null;
  /** The reader's warnings (unknown fields ignored, long annotations cut). */
  warnings: string[];
  /** A sentence for the responder. */
  message: string;
}

export interface PageOptions {
  /** Label value → severity, over the defaults. */
  severityMap?: Record<string, IncidentSeverity>;
  /** The runbook library's runbooks, for suggestions. */
  runbooks?: readonly Runbook[];
}

/**
 * Declares an incident from an alert payload, or joins the open incident
 * that already has one of its alerts (by fingerprint) or its group (by the
 * webhook's group key), and records every alert on the timeline
 * ('alert.received'), all in one transaction. Nothing runs: the responder
 * gets suggestions and filled params, and decides.
 */
export function pageIncident(events: EventStore, incidents: IncidentStore, payload: AlertPayload, options: PageOptions = {}): PageResult {
  const focus = payload.alerts.find((alert) => alert.status === 'firing') ?? payload.alerts[0]!;
  const suggestions = options.runbooks ? suggestRunbooks(options.runbooks, focus) : [];
  return events.transaction(() => {
    const existing = openIncidentWithAlert(events, { fingerprints: payload.alerts.map((alert) => alert.fingerprint), groupKey: payload.groupKey });
    const allResolved = payload.alerts.every((alert) => alert.status === 'resolved');
    if (!existing && allResolved) {
      return {
        action: 'ignored' as const,
        incident: null,
        events: [],
        suggestions,
        suggestedMitigatedAt: null,
        warnings: payload.warnings,
        message: `Nothing declared: ${describeAlerts(payload.alerts)} already resolved and no open incident has ${payload.alerts.length === 1 ? 'it' : 'them'}.`,
      };
    }
    const committed: TimelineEvent[] = [];
    let change: IncidentChange;
    let action: 'declared' | 'joined';
    if (existing) {
      change = { incident: incidents.require(existing), events: [] };
      action = 'joined';
    } else {
      const shape = incidentFromAlerts(payload, options.severityMap);
      // Impact began no later than the alert fired: the incident clock starts there, not at the paste.
      change = incidents.declare({ title: shape.title, kind: 'incident', severity: shape.severity, services: shape.services, detectedAt: shape.detectedAt, startedAt: shape.detectedAt });
      committed.push(...change.events);
      action = 'declared';
    }
    const incidentId = change.incident.id;
    for (const alert of payload.alerts) {
      committed.push(
        events.append(incidentId, 'alert.received', {
          alertname: alert.alertname,
          status: alert.status,
          fingerprint: alert.fingerprint,
          groupKey: payload.groupKey,
          labels: alert.labels,
          annotations: alert.annotations,
          startsAt: alert.startsAt,
          endsAt: alert.endsAt,
          generatorURL: alert.generatorURL,
          source: payload.format,
          declared: action === 'declared',
        }),
      );
    }
    if (action === 'joined' && !change.incident.keyMoments.detected) {
      const detectedAt = incidentFromAlerts(payload, options.severityMap).detectedAt;
      if (detectedAt) committed.push(...incidents.setMoment(incidentId, 'detected', detectedAt).events);
    }
    const incident = incidents.require(incidentId);
    const open = incident.status !== 'resolved' && incident.status !== 'mitigated';
    const ends = payload.alerts.map((alert) => alert.endsAt).filter((at): at is string => at !== null).sort();
    const suggestedMitigatedAt = allResolved && open && !incident.keyMoments.mitigated ? (ends[ends.length - 1] ?? null) : null;
    const message =
      action === 'declared'
        ? `Declared ${incident.severity} incident “${incident.title}” (${incident.id}) from ${describeAlerts(payload.alerts)}.`
        : `Joined open incident “${incident.title}” (${incident.id}): ${describeAlerts(payload.alerts)}${allResolved ? ' resolved' : ''}.`;
    return { action, incident, events: committed, suggestions, suggestedMitigatedAt, warnings: payload.warnings, message };
  });
}

function describeAlerts(alerts: readonly ReceivedAlert[]): string {
  const names = [...new Set(alerts.map((alert) => alert.alertname || 'an unnamed alert'))];
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  return alerts.length === 1 ? `alert ${shown}` : `${alerts.length} alerts (${shown})`;
}
