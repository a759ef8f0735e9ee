import fs from 'node:fs';
import path from 'node:path';
import type { LabHealth } from '../../../../shared/drills/lab-scenarios';
import { describeProbe, probe } from '../../http-probe';
import { copyLabScripts } from '../../lab-dir';
import { LabStartError } from '../../lab-errors';
import type { LabContext, LabDefinition } from '../../lab-types';
import { waitUntil } from '../../wait-until';

/** From the denial-of-service runbook's drill profile (SERVICE_URL). */
const PORT = 18090;
const HEALTH_URL = `http://127.0.0.1:${PORT}/healthz`;
/** How long the lab or the flood may take to show (ms). */
const STEP_TIMEOUT_MS = 30_000;
/**
 * Requests each flood source must have sent before the fault counts as
 * injected: above the drill profile's BLOCK_THRESHOLD (500), as a flood that
 * has been running for a few seconds when the responder looks at the log.
 */
const FLOOD_REQUESTS_BEFORE_RESPONSE = 600;

/**
 * Flood lab. A proxy on 127.0.0.1:18090 (run/proxy.pid, logs/access.log,
 * proxy/rate-limit.conf, proxy/blocklist.conf, reloaded on SIGHUP) in front
 * of a service with a fixed capacity on a Unix socket in the lab. The
 * injector starts a bounded loopback load generator whose requests carry
 * X-Forwarded-For addresses 203.0.113.10-12; the overloaded service answers
 * 503, /healthz included, until the runbook rate-limits or blocks them.
 */
export const dosLab: LabDefinition = {
  scenario: 'denial-of-service',

  async start(ctx: LabContext) {
    const scripts = copyLabScripts(ctx.scriptsDir, ctx.dir, ['denial-of-service/service.cjs', 'denial-of-service/proxy.cjs', 'denial-of-service/flood.cjs']);
    for (const sub of ['proxy', 'logs', 'run']) fs.mkdirSync(path.join(ctx.dir, sub), { recursive: true });
    fs.writeFileSync(path.join(ctx.dir, 'proxy', 'rate-limit.conf'), '# no per-client rate limit yet (nginx limit_req format)\n');
    fs.writeFileSync(path.join(ctx.dir, 'proxy', 'blocklist.conf'), '');
    fs.writeFileSync(path.join(ctx.dir, 'logs', 'access.log'), '');
    const socket = path.join(ctx.dir, 'run', 'service.sock');
    ctx.processes.spawn({ name: 'service', script: scripts['service.cjs']!, args: [socket] });
    await waitUntil(
      () => (fs.existsSync(socket) ? true : undefined),
      STEP_TIMEOUT_MS,
      () => new LabStartError(`The flood lab's service did not open ${socket}; see ${path.join(ctx.dir, 'logs', 'service.log')}.`),
    );
    ctx.processes.spawn({ name: 'proxy', script: scripts['proxy.cjs']!, args: [ctx.dir, String(PORT), socket] });
    await waitUntil(
      async () => ((await probe(HEALTH_URL, 1000)).status === 200 ? true : undefined),
      STEP_TIMEOUT_MS,
      () => new LabStartError(`The flood lab's proxy did not answer ${HEALTH_URL}; see ${path.join(ctx.dir, 'logs', 'proxy.log')}.`),
    );
    ctx.log('flood lab up: proxy on 127.0.0.1:18090');
    return {};
  },

  async health(): Promise<LabHealth> {
    const result = await probe(HEALTH_URL, 2000);
    return { healthy: result.status === 200, detail: describeProbe(result) };
  },

  async inject(ctx: LabContext) {
    ctx.processes.spawn({ name: 'flood', script: path.join(ctx.dir, '.lab', 'flood.cjs'), args: [ctx.dir, String(PORT)] });
    ctx.log('injected: flood from 203.0.113.10-12 started');
    const progress = path.join(ctx.dir, 'run', 'flood.json');
    await waitUntil(
      async () => {
        let sent: Record<string, number>;
        try {
          sent = (JSON.parse(fs.readFileSync(progress, 'utf8')) as { sent: Record<string, number> }).sent;
        } catch {
          return undefined;
        }
        const floodCounts = Object.entries(sent).filter(([ip]) => ip.startsWith('203.0.113.')).map(([, count]) => count);
        if (floodCounts.length === 0 || Math.min(...floodCounts) < FLOOD_REQUESTS_BEFORE_RESPONSE) return undefined;
        return (await probe(HEALTH_URL, 2000)).status === 200 ? undefined : true;
      },
      STEP_TIMEOUT_MS,
      async () => `The flood did not take the flood lab down: ${describeProbe(await probe(HEALTH_URL, 2000))}; see ${path.join(ctx.dir, 'logs', 'flood.log')}.`,
    );
  },
};
