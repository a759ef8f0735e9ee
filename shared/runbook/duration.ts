/** Milliseconds per duration unit accepted in runbooks (`30s`, `5m`, `1h30m`). */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads a duration: a number followed by `ms`, `s`, `m`, `h` or `d`, possibly
 * combined (`1h30m`); a bare number is seconds. Returns milliseconds, or
 * undefined when the text is not a duration.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  // Runbooks repeat a handful of timeouts on many steps.
  if (readByText.has(value)) return readByText.get(value);
  if (readByText.size > 1000) readByText.clear();
  const ms = readDuration(value);
  readByText.set(value, ms);
  return ms;
}

const readByText = new Map<string, number | undefined>();

function readDuration(value: string): number | undefined {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(match[1]) * UNIT_MS[match[2]!]!;
  return Number.isFinite(total) ? Math.round(total) : undefined;
}
