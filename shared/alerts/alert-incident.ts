import type { AlertPayload, ReceivedAlert } from './parse-alert';

export type IncidentSeverity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

/**
 * How the `severity` label maps to incident severity, lower-cased label
 * value → SEV. Used unless the caller (settings, `--severity-map`) gives
 * its own; a value in neither is SEV3.
 */
export const DEFAULT_SEVERITY_MAP: Readonly<Record<string, IncidentSeverity>> = {
  critical: 'SEV1',
  page: 'SEV1',
  sev1: 'SEV1',
  p1: 'SEV1',
  error: 'SEV2',
  high: 'SEV2',
  major: 'SEV2',
  sev2: 'SEV2',
  p2: 'SEV2',
  warning: 'SEV3',
  warn: 'SEV3',
  medium: 'SEV3',
  sev3: 'SEV3',
  p3: 'SEV3',
  info: 'SEV4',
  low: 'SEV4',
  none: 'SEV4',
  sev4: 'SEV4',
  p4: 'SEV4',
};

/** Labels whose values name the affected service, in the order they are read. */
export const SERVICE_LABELS = ['service', 'app', 'application', 'job'] as const;

/**
 * Reads `critical=SEV1,warning=SEV3` (the `--severity-map` option and the
 * setting) into a map. Throws naming the bad entry.
 */
export function parseSeverityMap(text: string): Record<string, IncidentSeverity> {
  const map: Record<string, IncidentSeverity> = {};
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([^=\s]+)\s*=\s*(SEV[1-4])$/i.exec(entry);
    if (!match) throw new Error(`The severity mapping "${entry}" must read label=SEV1 … label=SEV4, e.g. critical=SEV1.`);
    map[match[1]!.toLowerCase()] = match[2]!.toUpperCase() as IncidentSeverity;
  }
  return map;
}

/** The severity for a `severity` label value: the caller's mapping first, then the default one, else SEV3. */
export function severityFor(label: string | undefined, overrides: Record<string, IncidentSeverity> = {}): IncidentSeverity {
  if (!label) return 'SEV3';
  const key = label.trim().toLowerCase();
  return overrides[key] ?? DEFAULT_SEVERITY_MAP[key] ?? 'SEV3';
}

/** What an incident declared from a payload starts with. */
export interface IncidentFromAlert {
  title: string;
  severity: IncidentSeverity;
  services: string[];
  /** The earliest `startsAt` of the firing alerts: when monitoring saw it. */
  detectedAt: string | null;
}

const RANK: Record<IncidentSeverity, number> = { SEV1: 1, SEV2: 2, SEV3: 3, SEV4: 4 };

/** Title from alertname and summary, the worst severity, the services named by labels, detection at the first startsAt. */
export function incidentFromAlerts(payload: AlertPayload, severityMap: Record<string, IncidentSeverity> = {}): IncidentFromAlert {
  const alerts = payload.alerts.filter((alert) => alert.status === 'firing');
  const considered = alerts.length ? alerts : payload.alerts;
  const first = considered[0]!;
  const severity = considered.map((alert) => severityFor(alert.labels.severity, severityMap)).sort((a, b) => RANK[a] - RANK[b])[0]!;
  const services: string[] = [];
  for (const alert of considered) {
    for (const label of SERVICE_LABELS) {
      const value = alert.labels[label]?.trim();
      if (value && !services.includes(value) && services.length < 10) services.push(value.slice(0, 100));
    }
  }
  const starts = considered.map((alert) => alert.startsAt).filter((at): at is string => at !== null).sort();
  return { title: alertTitle(first, considered.length), severity, services, detectedAt: starts[0] ?? null };
}

/** "PostgresDown: Postgres primary db-1 is down" (and "+2 more" for a group). */
export function alertTitle(alert: ReceivedAlert, count = 1): string {
  const summary = (alert.annotations.summary ?? alert.annotations.title ?? '').replace(/\s+/g, ' ').trim();
  const name = alert.alertname || 'Alert';
  let title = summary ? (summary.toLowerCase().includes(name.toLowerCase()) ? summary : `${name}: ${summary}`) : name;
  if (title.length > 200) title = `${title.slice(0, 199)}…`;
  return count > 1 ? `${title} (+${count - 1} more)` : title;
}
