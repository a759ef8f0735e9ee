/**
 * A duration as an incident clock shows it: `42s`, `7m 05s`, `3h 07m`, `2d 04h`.
 * Null (unknown) becomes an em dash.
 */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${two(hours)}h`;
  if (hours > 0) return `${hours}h ${two(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${two(seconds)}s`;
  return `${seconds}s`;
}

/** `HH:MM:SS` UTC of an ISO timestamp, as the timeline shows times (the record is UTC). */
export function utcClock(iso: string): string {
  return iso.slice(11, 19);
}

/** `YYYY-MM-DD HH:MM` UTC of an ISO timestamp, or an em dash. */
export function utcDateTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z` : '—';
}
