/**
 * Reads an alert payload — an Alertmanager webhook (version 4), the JSON
 * `amtool alert query -o json` prints (API v2 gettable alerts), or a plain
 * alert object / list of them — into one shape. Pure: no Node, no DOM.
 *
 * Everything in a payload is data from outside: sizes are capped, label
 * names are checked against Prometheus' rules, long values are refused with
 * the field named, and unknown fields are reported (never silently used).
 */

/** Largest payload read, in bytes of UTF-8 (1 MiB). */
export const MAX_ALERT_PAYLOAD_BYTES = 1024 * 1024;
/** Most alerts read from one payload. */
export const MAX_ALERTS_PER_PAYLOAD = 500;
/** Longest label value accepted: labels identify things, a longer one is not a label but an attack or a mistake. */
export const MAX_LABEL_VALUE_CHARS = 1024;
/** Longest annotation kept; longer ones are cut, with a warning. */
export const MAX_ANNOTATION_CHARS = 8192;
/** Most labels (or annotations) on one alert. */
export const MAX_LABELS = 100;

/** Prometheus label names (https://prometheus.io/docs/concepts/data_model/). */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export type AlertStatus = 'firing' | 'resolved';
export type AlertPayloadFormat = 'alertmanager-webhook' | 'amtool' | 'alert';

/** One alert, whatever it came in. */
export interface ReceivedAlert {
  status: AlertStatus;
  /** `labels.alertname`, or '' when the alert has none. */
  alertname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** UTC ISO-8601, or null when absent. */
  startsAt: string | null;
  /** UTC ISO-8601 when the alert resolved (or is due to), null when absent or Go's zero time. */
  endsAt: string | null;
  generatorURL: string | null;
  /** Alertmanager's fingerprint, or one computed from the labels the same way for every copy of the alert. */
  fingerprint: string;
}

/** A payload read. */
export interface AlertPayload {
  format: AlertPayloadFormat;
  /** The webhook's group key (Alertmanager's aggregation group), or null. */
  groupKey: string | null;
  receiver: string | null;
  externalURL: string | null;
  alerts: ReceivedAlert[];
  /** Things the reader ignored or cut, each naming its field. */
  warnings: string[];
}

/** A payload that cannot be read; the message names the field. */
export class AlertPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertPayloadError';
  }
}

const WEBHOOK_FIELDS = new Set(['version', 'groupKey', 'truncatedAlerts', 'status', 'receiver', 'groupLabels', 'commonLabels', 'commonAnnotations', 'externalURL', 'alerts']);
/** Fields Grafana's webhook adds to the Alertmanager shape: known, not used. */
const GRAFANA_WEBHOOK_FIELDS = new Set(['orgId', 'title', 'state', 'message']);
const ALERT_FIELDS = new Set(['status', 'labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL', 'fingerprint']);
/** Fields of an Alertmanager API v2 gettable alert (what amtool prints) beyond the webhook's. */
const AMTOOL_ALERT_FIELDS = new Set(['receivers', 'updatedAt']);
const GRAFANA_ALERT_FIELDS = new Set(['silenceURL', 'dashboardURL', 'panelURL', 'values', 'valueString', 'imageURL']);

/** UTF-8 length of a string without Node's Buffer. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Parses payload text (JSON). Throws {@link AlertPayloadError} with a message naming what is wrong. */
export function parseAlertPayloadText(text: string): AlertPayload {
  const size = utf8Length(text);
  if (size > MAX_ALERT_PAYLOAD_BYTES) {
    throw new AlertPayloadError(`The alert payload is ${size} bytes; the limit is ${MAX_ALERT_PAYLOAD_BYTES} bytes (1 MiB). Send one alert group at a time.`);
  }
  if (!text.trim()) throw new AlertPayloadError('The alert payload is empty: paste an Alertmanager webhook body, `amtool alert query -o json` output or an alert object.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AlertPayloadError(`The alert payload is not valid JSON (${(error as Error).message}).`);
  }
  return parseAlertPayload(value);
}

/** Reads an already-parsed JSON value as an alert payload. */
export function parseAlertPayload(value: unknown): AlertPayload {
  const warnings: string[] = [];
  if (Array.isArray(value)) {
    const alerts = readAlertList(value, 'alerts', warnings);
    const amtool = value.some((item) => isObject(item) && ('receivers' in item || isObject(item.status)));
    return { format: amtool ? 'amtool' : 'alert', groupKey: null, receiver: null, externalURL: null, alerts, warnings };
  }
  if (!isObject(value)) throw new AlertPayloadError('The alert payload must be a JSON object (a webhook body or one alert) or a list of alerts.');
  if ('alerts' in value) {
    if (value.version !== undefined && value.version !== '4') {
      warnings.push(`version is "${String(value.version)}"; Firebreak reads version 4 of the Alertmanager webhook and read this one the same way.`);
    }
    for (const key of Object.keys(value)) {
      if (!WEBHOOK_FIELDS.has(key) && !GRAFANA_WEBHOOK_FIELDS.has(key)) warnings.push(`Unknown field "${limit(key, 64)}" in the webhook payload was ignored.`);
    }
    if (!Array.isArray(value.alerts)) throw new AlertPayloadError('alerts must be a list of alerts.');
    const alerts = readAlertList(value.alerts, 'alerts', warnings);
    const commonLabels = isObject(value.commonLabels) ? value.commonLabels : {};
    for (const alert of alerts) {
      // A webhook alert carries its own labels; common labels only fill what an odd sender left out.
      for (const [name, labelValue] of Object.entries(commonLabels)) {
        if (typeof labelValue === 'string' && LABEL_NAME.test(name) && labelValue.length <= MAX_LABEL_VALUE_CHARS && !(name in alert.labels)) alert.labels[name] = labelValue;
      }
    }
    return {
      format: 'alertmanager-webhook',
      groupKey: optionalText(value.groupKey, 'groupKey', 4096),
      receiver: optionalText(value.receiver, 'receiver', 1024),
      externalURL: optionalText(value.externalURL, 'externalURL', 4096),
      alerts,
      warnings,
    };
  }
  if ('labels' in value) return { format: 'alert', groupKey: null, receiver: null, externalURL: null, alerts: [readAlert(value, 'alert', warnings)], warnings };
  throw new AlertPayloadError('The alert payload has neither "alerts" (an Alertmanager webhook) nor "labels" (one alert); it is not an alert.');
}

function readAlertList(items: unknown[], path: string, warnings: string[]): ReceivedAlert[] {
  if (items.length === 0) throw new AlertPayloadError(`${path} is empty: there is no alert in the payload.`);
  if (items.length > MAX_ALERTS_PER_PAYLOAD) throw new AlertPayloadError(`${path} holds ${items.length} alerts; the limit is ${MAX_ALERTS_PER_PAYLOAD}.`);
  return items.map((item, index) => readAlert(item, `${path}[${index}]`, warnings));
}

function readAlert(value: unknown, path: string, warnings: string[]): ReceivedAlert {
  if (!isObject(value)) throw new AlertPayloadError(`${path} must be an alert object with labels.`);
  for (const key of Object.keys(value)) {
    if (!ALERT_FIELDS.has(key) && !AMTOOL_ALERT_FIELDS.has(key) && !GRAFANA_ALERT_FIELDS.has(key)) warnings.push(`Unknown field "${limit(key, 64)}" in ${path} was ignored.`);
  }
  if (value.labels === undefined || value.labels === null) throw new AlertPayloadError(`${path}.labels is missing: an alert without labels cannot be matched or named.`);
  const labels = readLabels(value.labels, `${path}.labels`);
  if (Object.keys(labels).length === 0) throw new AlertPayloadError(`${path}.labels is empty: an alert without labels cannot be matched or named.`);
  const annotations = value.annotations === undefined || value.annotations === null ? {} : readAnnotations(value.annotations, `${path}.annotations`, warnings);
  const startsAt = readTime(value.startsAt, `${path}.startsAt`);
  const endsAt = readTime(value.endsAt, `${path}.endsAt`);
  return {
    status: readStatus(value.status, endsAt, `${path}.status`),
    alertname: labels.alertname ?? '',
    labels,
    annotations,
    startsAt,
    endsAt,
    generatorURL: readUrl(value.generatorURL, `${path}.generatorURL`, warnings),
    fingerprint: readFingerprint(value.fingerprint, `${path}.fingerprint`) ?? fingerprintOf(labels),
  };
}

function readLabels(value: unknown, path: string): Record<string, string> {
  if (!isObject(value)) throw new AlertPayloadError(`${path} must be an object of label names to text values.`);
  const entries = Object.entries(value);
  if (entries.length > MAX_LABELS) throw new AlertPayloadError(`${path} has ${entries.length} labels; the limit is ${MAX_LABELS}.`);
  const labels: Record<string, string> = {};
  for (const [name, labelValue] of entries) {
    if (!LABEL_NAME.test(name)) throw new AlertPayloadError(`${path} has a label named "${limit(name, 64)}", which is not a Prometheus label name (letters, digits and _, not starting with a digit).`);
    if (typeof labelValue !== 'string') throw new AlertPayloadError(`${path}.${name} must be text.`);
    if (labelValue.length > MAX_LABEL_VALUE_CHARS) throw new AlertPayloadError(`${path}.${name} is ${labelValue.length} characters long; label values longer than ${MAX_LABEL_VALUE_CHARS} characters are refused.`);
    if (hasControlCharacters(labelValue)) throw new AlertPayloadError(`${path}.${name} contains control characters; label values must be printable text.`);
    labels[name] = labelValue;
  }
  return labels;
}

function readAnnotations(value: unknown, path: string, warnings: string[]): Record<string, string> {
  if (!isObject(value)) throw new AlertPayloadError(`${path} must be an object of names to text values.`);
  const entries = Object.entries(value);
  if (entries.length > MAX_LABELS) throw new AlertPayloadError(`${path} has ${entries.length} annotations; the limit is ${MAX_LABELS}.`);
  const annotations: Record<string, string> = {};
  for (const [name, text] of entries) {
    if (!LABEL_NAME.test(name)) throw new AlertPayloadError(`${path} has an annotation named "${limit(name, 64)}", which is not a Prometheus label name.`);
    if (typeof text !== 'string') throw new AlertPayloadError(`${path}.${name} must be text.`);
    const clean = withoutControlCharacters(text);
    if (clean.length > MAX_ANNOTATION_CHARS) {
      warnings.push(`${path}.${name} is ${clean.length} characters long; only the first ${MAX_ANNOTATION_CHARS} were kept.`);
      annotations[name] = `${clean.slice(0, MAX_ANNOTATION_CHARS)}…`;
    } else annotations[name] = clean;
  }
  return annotations;
}

/** Go's zero time, which Alertmanager sends as endsAt of a firing alert. */
const GO_ZERO_TIME = /^0001-01-01T00:00:00/;

function readTime(value: unknown, path: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new AlertPayloadError(`${path} must be an RFC 3339 time such as 2026-12-01T09:12:00Z.`);
  if (GO_ZERO_TIME.test(value)) return null;
  // RFC 3339 with optional fractional seconds (Go prints nanoseconds) and a zone.
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  const ms = match ? Date.parse(`${match[1]}${match[2] ? match[2].slice(0, 4) : ''}${match[3]}`) : Number.NaN;
  if (Number.isNaN(ms)) throw new AlertPayloadError(`${path} is "${limit(value, 64)}", not an RFC 3339 time such as 2026-12-01T09:12:00Z.`);
  return new Date(ms).toISOString();
}

function readStatus(value: unknown, endsAt: string | null, path: string): AlertStatus {
  if (value === 'firing' || value === 'resolved') return value;
  if (isObject(value)) {
    // amtool / API v2: status.state is active, suppressed or unprocessed; resolved alerts are not listed, unless endsAt is past.
    return 'firing';
  }
  if (value === undefined || value === null) return endsAt ? 'resolved' : 'firing';
  throw new AlertPayloadError(`${path} must be "firing" or "resolved".`);
}

function readUrl(value: unknown, path: string, warnings: string[]): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > 4096) throw new AlertPayloadError(`${path} must be a URL of at most 4096 characters.`);
  if (!/^https?:\/\//i.test(value)) {
    warnings.push(`${path} is not an http(s) URL; it was not kept.`);
    return null;
  }
  return value;
}

function readFingerprint(value: unknown, path: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new AlertPayloadError(`${path} must be a short hex identifier such as 1a30ba71cca2921f.`);
  return value;
}

function optionalText(value: unknown, path: string, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new AlertPayloadError(`${path} must be text.`);
  if (value.length > max) throw new AlertPayloadError(`${path} is ${value.length} characters long; the limit is ${max}.`);
  return value;
}

/**
 * A stable fingerprint of a label set (FNV-1a 64 over the sorted
 * name/value pairs), for alerts that come without Alertmanager's: the same
 * labels always give the same fingerprint, so a second paste joins.
 */
export function fingerprintOf(labels: Record<string, string>): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const text = Object.keys(labels)
    .sort()
    .map((name) => `${name}\u0000${labels[name]}\u0000`)
    .join('');
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * prime) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** C0 controls other than tab and newline, and DEL: they can rewrite a terminal or hide text. */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f;
}

function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) return true;
  return false;
}

function withoutControlCharacters(text: string): string {
  return hasControlCharacters(text) ? [...text].filter((char) => !isControl(char.charCodeAt(0))).join('') : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function limit(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
