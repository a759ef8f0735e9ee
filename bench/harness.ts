/**
 * What each benchmark reports. Figures are measured side by side in one run
 * and printed as ratios or medians; targets are checked here, never in tests.
 */
export interface BenchResult {
  /** What was measured, e.g. "parse 1 MB runbook". */
  name: string;
  /** Label → measured value with its unit, e.g. { "median": "42.1 ms" }. */
  figures: Record<string, string>;
  /** The target in words, e.g. "median < 100 ms". */
  target: string;
  met: boolean;
}

export type Benchmark = () => Promise<BenchResult>;

/** Median of a non-empty list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
