// A stand-in for the Firebreak process in the parent-death tests: starts a lab
// (and optionally injects its fault), prints {"dir": …, "pids": …} on one line,
// then idles until it is killed. Usage: node --import tsx lab-host-fixture.ts <scenario> [inject]
import { isLabScenarioId } from '../../../shared/drills/lab-scenarios';
import { LabManager } from '../lab-manager';

async function main(): Promise<void> {
  const [scenario, action] = process.argv.slice(2);
  if (!scenario || !isLabScenarioId(scenario)) throw new Error(`usage: lab-host-fixture.ts <scenario> [inject]`);
  const manager = new LabManager();
  const lab = await manager.start(scenario);
  if (action === 'inject') await lab.inject();
  process.stdout.write(`${JSON.stringify({ dir: lab.dir })}\n`);
  setInterval(() => {}, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
