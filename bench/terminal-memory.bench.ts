import type { BenchResult } from './harness';
import { BenchEngine, FULL } from './terminal-bench-support';

/** Target from issue 4: streaming 1 GB grows peak RSS by less than 150 MB. */
const TARGET_MB = 150;
/** 1 GiB with BENCH_FULL=1; 256 MiB by default so `npm run bench` stays within a few minutes. */
const BYTES = (FULL ? 1024 : 256) * 1024 * 1024;

export default async function memory(): Promise<BenchResult> {
  const engine = new BenchEngine();
  const session = await engine.open();
  // A viewer that draws everything at once: what the renderer does on a fast machine.
  let shown = 0;
  engine.hub.subscribe((channel, payload) => {
    if (channel === 'terminal:output') shown += (payload as { data: string }).data.length;
  });
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  try {
    await engine.run(session, `head -c ${BYTES} /dev/zero | tr '\\0' 'y' | fold -w 100`);
  } finally {
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    await engine.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  const growthMb = (peak - before) / (1024 * 1024);
  return {
    name: `peak RSS growth streaming ${BYTES / (1024 * 1024)} MiB through the engine${FULL ? '' : ' (BENCH_FULL=1 for 1 GiB)'}`,
    figures: { growth: `${growthMb.toFixed(0)} MB`, shown: `${(shown / (1024 * 1024)).toFixed(0)} MiB`, rate: `${(BYTES / (1024 * 1024) / seconds).toFixed(0)} MiB/s` },
    target: `< ${TARGET_MB} MB`,
    met: growthMb < TARGET_MB,
  };
}
