/**
 * Sharing a shared incident's full terminal output with the team (opt-in per
 * incident): by default only each run's excerpt, carried by its
 * 'step.finished' event, leaves the machine.
 */

/** At most this much of each run's output is shared unless the incident's setting says otherwise. */
export const DEFAULT_SHARE_OUTPUT_CAP_BYTES = 5 * 1024 * 1024;

/** The largest cap a responder may set: a run's output travels as one event, and a push batch holds many. */
export const MAX_SHARE_OUTPUT_CAP_BYTES = 64 * 1024 * 1024;

/** An incident's output sharing as in force (the last 'output.sharing' event by clock). */
export interface OutputSharing {
  enabled: boolean;
  capBytes: number;
}

export const OUTPUT_SHARING_OFF: OutputSharing = { enabled: false, capBytes: DEFAULT_SHARE_OUTPUT_CAP_BYTES };

/** "5 MiB", "512 KiB", "800" → bytes; undefined when it is not a size. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1;
  const bytes = Math.floor(Number(match[1]) * factor);
  return bytes > 0 ? bytes : undefined;
}

/** The line a reader shows after output the cap cut. */
export function cutAtCapNotice(sharedBytes: number, totalBytes: number, capBytes: number): string {
  return `[… output cut at the ${capBytes.toLocaleString('en-US')}-byte cap: ${(totalBytes - sharedBytes).toLocaleString('en-US')} of ${totalBytes.toLocaleString('en-US')} bytes not shared …]`;
}
