import fs from 'node:fs';
import path from 'node:path';
import type { BenchResult } from './harness';
import { BenchEngine } from './terminal-bench-support';

/** Target from issue 4: every byte a step printed is in the record, in every one of 20 runs. */
const RUNS = 20;
/** 1 MB of random data as base64 per run: fast-exiting, bursty output, the case node-pty #726 loses the tail of. */
const RANDOM_BYTES = 1_000_000;

export default async function capture(): Promise<BenchResult> {
  const engine = new BenchEngine();
  const session = await engine.open();
  const produced = path.join(engine.dir, 'produced.txt');
  let complete = 0;
  let producedTotal = 0;
  let recordedTotal = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const runId = `capture-${run}`;
      await engine.run(session, `head -c ${RANDOM_BYTES} /dev/urandom | base64 | tee '${produced}'`, runId);
      // The pty turns each \n into \r\n; that is what the terminal, and so the record, receives.
      const expected = fs.readFileSync(produced, 'latin1').replaceAll('\n', '\r\n');
      const recorded = engine.recordedBytes(runId).toString('latin1');
      producedTotal += expected.length;
      recordedTotal += recorded.includes(expected) ? expected.length : 0;
      if (recorded.includes(expected)) complete++;
    }
  } finally {
    await engine.dispose();
  }
  return {
    name: `complete capture, ${RUNS} runs of base64 of ${RANDOM_BYTES / 1e6} MB random`,
    figures: { complete: `${complete}/${RUNS} runs`, bytes: `${recordedTotal} of ${producedTotal} recorded in order` },
    target: `all bytes, in all ${RUNS} runs`,
    met: complete === RUNS,
  };
}
