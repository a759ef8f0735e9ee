import { median, percentile, type BenchResult } from './harness';
import { BenchEngine } from './terminal-bench-support';

/** Target from issue 4: median time from Run to the command-start (C) mark under 30 ms. */
const TARGET_MS = 30;
const WARMUP = 3;
const RUNS = 30;

export default async function latency(): Promise<BenchResult> {
  const engine = new BenchEngine();
  const session = await engine.open();
  const times: number[] = [];
  try {
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const { sentAt, startedAt } = await engine.run(session, 'true');
      if (run >= WARMUP) times.push(startedAt - sentAt);
    }
  } finally {
    await engine.dispose();
  }
  const middle = median(times);
  return {
    name: `Run → command-start mark, ${RUNS} runs in integrated bash`,
    figures: { median: `${middle.toFixed(1)} ms`, p90: `${percentile(times, 90).toFixed(1)} ms` },
    target: `median < ${TARGET_MS} ms`,
    met: middle < TARGET_MS,
  };
}
