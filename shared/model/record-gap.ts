/**
 * The data of a `record.gap` event: written when the record works again
 * after failed writes (a full disk), saying what it is missing and when it
 * was lost, so the timeline shows its own hole instead of hiding it.
 */

/** One timeline event that could not be written. */
export interface LostEvent {
  kind: string;
  /** Set for step events, so the gap names the step. */
  stepId?: string;
  runId?: string;
  title?: string;
  at: string;
}

/** What the record is missing, and between which times it was lost. */
export interface RecordGapData {
  /** When the first write failed (ISO 8601). */
  since: string;
  /** When the last write failed. */
  until: string;
  /** The events not recorded, in the order they were lost. */
  lostEvents: LostEvent[];
  /** Bytes of terminal output that could not be written. */
  lostOutputBytes: number;
  /** Why, in words (e.g. the disk was full). */
  reason: string;
}

/** `step.finished of step "flood"`, or the kind alone. */
export function describeLostEvent(lost: Pick<LostEvent, 'kind' | 'stepId'>): string {
  return lost.stepId ? `${lost.kind} of step "${lost.stepId}"` : lost.kind;
}

/** Everything a gap holds, in one line: `step.finished of step "flood", 2.9 MB (3000000 bytes) of terminal output`. */
export function describeGap(gap: Pick<RecordGapData, 'lostEvents' | 'lostOutputBytes'>): string {
  const parts = (gap.lostEvents ?? []).map(describeLostEvent);
  if (gap.lostOutputBytes > 0) parts.push(`${formatLostBytes(gap.lostOutputBytes)} of terminal output`);
  return parts.join(', ');
}

/** A byte count a responder can read, with the exact figure. */
export function formatLostBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB (${bytes} bytes)`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB (${bytes} bytes)`;
}
