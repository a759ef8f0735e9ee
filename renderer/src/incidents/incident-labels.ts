import type { IncidentStatus, KeyMoments, Severity } from '../../../shared/export/incident-record';

/** The statuses in the order a response moves through them, each with the key that sets it in the status menu. */
export const STATUS_STEPS: ReadonlyArray<{ status: IncidentStatus; key: string; label: string }> = [
  { status: 'investigating', key: '1', label: 'Investigating' },
  { status: 'identified', key: '2', label: 'Identified' },
  { status: 'mitigated', key: '3', label: 'Mitigated' },
  { status: 'resolved', key: '4', label: 'Resolved' },
];

/** Severities, worst first, with what each means to a responder (common industry reading). */
export const SEVERITIES: ReadonlyArray<{ severity: Severity; meaning: string }> = [
  { severity: 'SEV1', meaning: 'critical: customers broadly affected' },
  { severity: 'SEV2', meaning: 'major: a core feature degraded' },
  { severity: 'SEV3', meaning: 'minor: limited impact' },
  { severity: 'SEV4', meaning: 'low: no customer impact yet' },
];

/** Key moments in the order they happen, with labels. */
export const KEY_MOMENTS: ReadonlyArray<{ moment: keyof KeyMoments; label: string }> = [
  { moment: 'started', label: 'Started' },
  { moment: 'detected', label: 'Detected' },
  { moment: 'acknowledged', label: 'Acknowledged' },
  { moment: 'mitigated', label: 'Mitigated' },
  { moment: 'resolved', label: 'Resolved' },
];

/** Splits a comma- or newline-separated field into trimmed, non-empty names. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}
