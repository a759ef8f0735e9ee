import fs from 'node:fs';
import path from 'node:path';
import type { LabHealth } from '../../../../shared/drills/lab-scenarios';
import { describeProbe, probe } from '../../http-probe';
import { copyLabScripts } from '../../lab-dir';
import { LabStartError } from '../../lab-errors';
import type { LabContext, LabDefinition } from '../../lab-types';
import { waitUntil } from '../../wait-until';

/** From the crash-and-rollback runbook's drill profile (SERVICE_URL). */
const PORT = 18080;
const HEALTH_URL = `http://127.0.0.1:${PORT}/healthz`;
/** How long the lab may take to answer its first health check (ms). */
const START_TIMEOUT_MS = 15_000;
/** How long the injected crash may take to show (ms): one SIGTERM and a failed restart. */
const INJECT_TIMEOUT_MS = 15_000;

/**
 * Crash lab. Layout (paths as the runbook's drill profile names them):
 * releases/v1 (good), current → releases/v1, run/web.pid, logs/web.log,
 * artefacts/. A supervisor process runs current/server.cjs and restarts it
 * whenever it exits. The injector deploys releases/v2, which crashes on
 * start, and restarts the service into a crash loop.
 */
export const crashLab: LabDefinition = {
  scenario: 'crash-and-rollback',

  async start(ctx: LabContext) {
    const scripts = copyLabScripts(ctx.scriptsDir, ctx.dir, [
      'crash-and-rollback/supervisor.cjs',
      'crash-and-rollback/release-v1-server.cjs',
      'crash-and-rollback/release-v2-server.cjs',
    ]);
    for (const sub of ['releases/v1', 'run', 'logs', 'artefacts']) fs.mkdirSync(path.join(ctx.dir, sub), { recursive: true });
    writeRelease(ctx.dir, 'v1', scripts['release-v1-server.cjs']!, Date.now() - 3_600_000);
    fs.symlinkSync(path.join('releases', 'v1'), path.join(ctx.dir, 'current'));
    fs.writeFileSync(path.join(ctx.dir, 'logs', 'web.log'), '');
    ctx.processes.spawn({ name: 'supervisor', script: scripts['supervisor.cjs']!, args: [ctx.dir, String(PORT)] });
    await waitUntil(
      async () => ((await probe(HEALTH_URL, 1000)).status === 200 ? true : undefined),
      START_TIMEOUT_MS,
      () => new LabStartError(`The crash lab did not answer ${HEALTH_URL} within ${START_TIMEOUT_MS / 1000}s; see ${path.join(ctx.dir, 'logs')}.`),
    );
    ctx.log('crash lab up: release v1 live on 127.0.0.1:18080');
    return {};
  },

  async health(): Promise<LabHealth> {
    const result = await probe(HEALTH_URL, 2000);
    return { healthy: result.status === 200, detail: describeProbe(result) };
  },

  async inject(ctx: LabContext) {
    writeRelease(ctx.dir, 'v2', path.join(ctx.dir, '.lab', 'release-v2-server.cjs'), Date.now());
    // The deploy: point current at v2 the way the runbook's roll-back points it back (absolute target), then restart the service.
    const next = path.join(ctx.dir, 'current.next');
    fs.rmSync(next, { force: true });
    fs.symlinkSync(path.join(ctx.dir, 'releases', 'v2'), next);
    fs.renameSync(next, path.join(ctx.dir, 'current'));
    const pid = Number(fs.readFileSync(path.join(ctx.dir, 'run', 'web.pid'), 'utf8').trim());
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone: the supervisor starts v2 on its own.
      }
    }
    ctx.log('injected: deployed release v2 (crashes on start) and restarted the service');
    await waitUntil(
      async () => ((await probe(HEALTH_URL, 1000)).status === 200 ? undefined : true),
      INJECT_TIMEOUT_MS,
      () => 'The crash lab still answers its health check after release v2 was deployed.',
    );
  },
};

/** Writes releases/<name>/ with server.cjs and VERSION, dated `mtimeMs` so `ls -t` orders releases by deploy time. */
function writeRelease(labDir: string, name: string, serverScript: string, mtimeMs: number): void {
  const dir = path.join(labDir, 'releases', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(serverScript, path.join(dir, 'server.cjs'));
  fs.writeFileSync(path.join(dir, 'VERSION'), `${name}\n`);
  const when = new Date(mtimeMs);
  for (const file of ['server.cjs', 'VERSION']) fs.utimesSync(path.join(dir, file), when, when);
  fs.utimesSync(dir, when, when);
}
