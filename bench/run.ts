import type { Benchmark } from './harness';

/**
 * `npm run bench`: runs every benchmark in this one process and prints its
 * figures next to its target. Exit code 1 when a target is missed, so a
 * regression is visible, but benchmarks are never part of `npm test`.
 */
const benchmarks: Record<string, () => Promise<{ default: Benchmark }>> = {
  'parse-runbook': () => import('./parse-runbook.bench'),
  'terminal-throughput': () => import('./terminal-throughput.bench'),
  'terminal-capture': () => import('./terminal-capture.bench'),
  'terminal-memory': () => import('./terminal-memory.bench'),
  'terminal-latency': () => import('./terminal-latency.bench'),
  'event-append': () => import('./event-append.bench'),
  'incident-export': () => import('./incident-export.bench'),
  'fts-search': () => import('./fts-search.bench'),
  'crash-output': () => import('./crash-output.bench'),
  'renderer-startup': () => import('./renderer-startup.bench'),
  'team-sync': () => import('./team-sync.bench'),
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  let missed = 0;
  for (const [name, load] of Object.entries(benchmarks)) {
    if (only.length && !only.includes(name)) continue;
    const result = await (await load()).default();
    const figures = Object.entries(result.figures)
      .map(([label, value]) => `${label} ${value}`)
      .join(', ');
    process.stdout.write(`${result.met ? 'met   ' : 'MISSED'} ${result.name}: ${figures} (target: ${result.target})\n`);
    if (!result.met) missed++;
  }
  process.exitCode = missed ? 1 : 0;
}

void main();
