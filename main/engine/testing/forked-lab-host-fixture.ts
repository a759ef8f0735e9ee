// A stand-in for the desktop app in the parent-death test of forked labs: one
// process plays the engine (a LabManager with the ParentForkLabLauncher) and
// its parent (the LabForker, forking with child_process.fork), starts a lab,
// prints {"dir": …, "pids": […]} on one line, then idles until it is killed.
// Usage: node --import tsx forked-lab-host-fixture.ts <scenario>
import fs from 'node:fs';
import path from 'node:path';
import { isLabScenarioId } from '../../../shared/drills/lab-scenarios';
import { ParentForkLabLauncher } from '../../drills/lab-launcher';
import { LabManager } from '../../drills/lab-manager';
import { LabForker } from '../lab-forker';
import { nodeLabFork } from '../node-lab-fork';

async function main(): Promise<void> {
  const [scenario] = process.argv.slice(2);
  if (!scenario || !isLabScenarioId(scenario)) throw new Error('usage: forked-lab-host-fixture.ts <scenario>');
  const forker = new LabForker({ fork: nodeLabFork, transport: 'ipc' });
  const launcher: ParentForkLabLauncher = new ParentForkLabLauncher((request) => forker.handle(request, (reply) => launcher.receive(reply)));
  const lab = await new LabManager({ launcher }).start(scenario);
  const web = path.join(lab.dir, 'run', 'web.pid');
  const pids = [...forker.pids(), ...(fs.existsSync(web) ? [Number(fs.readFileSync(web, 'utf8').trim())] : [])];
  process.stdout.write(`${JSON.stringify({ dir: lab.dir, pids })}\n`);
  setInterval(() => {}, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
