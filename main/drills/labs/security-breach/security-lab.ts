import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LabHealth } from '../../../../shared/drills/lab-scenarios';
import { describeProbe, probe } from '../../http-probe';
import { copyLabScripts } from '../../lab-dir';
import { LabStartError } from '../../lab-errors';
import type { LabContext, LabDefinition } from '../../lab-types';
import { waitUntil } from '../../wait-until';
import { intruderRetryAuthLog, intrusionAccessLog, intrusionAuthLog, LEAKED_TOKEN_ID, normalAccessLog, normalAuthLog, TOKEN_OWNER_IP } from './intrusion-traces';
import { generateSshPublicKey } from './ssh-keys';

/** From the security-breach runbook's drill profile (TOKEN_API_URL). */
const PORT = 18070;
const HEALTH_URL = `http://127.0.0.1:${PORT}/healthz`;
/** How long the token API may take to answer (ms). */
const START_TIMEOUT_MS = 15_000;
const AUTHORIZED_KEYS = path.join('home', 'deploy', '.ssh', 'authorized_keys');

/**
 * Intrusion lab. Files as the drill profile names them: logs/auth.log,
 * logs/access.log, home/deploy/.ssh/authorized_keys, known-keys.txt,
 * app/session-secret; and a token admin API on 127.0.0.1:18070 whose
 * /healthz passes only when no misused token is active and every SSH key is
 * known. The injector adds the traces: a suspicious login, an unknown key
 * and the leaked token used from 203.0.113.66.
 */
export const securityLab: LabDefinition = {
  scenario: 'security-breach',

  async start(ctx: LabContext) {
    const scripts = copyLabScripts(ctx.scriptsDir, ctx.dir, ['security-breach/token-api.cjs']);
    const now = new Date();
    const alice = generateSshPublicKey('alice@laptop');
    const ci = generateSshPublicKey('ci-deploy@build-1');
    for (const sub of ['logs', 'app', 'run']) fs.mkdirSync(path.join(ctx.dir, sub), { recursive: true });
    fs.mkdirSync(path.join(ctx.dir, 'home', 'deploy', '.ssh'), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(ctx.dir, AUTHORIZED_KEYS), `${alice.line}\n${ci.line}\n`, { mode: 0o600 });
    fs.writeFileSync(path.join(ctx.dir, 'known-keys.txt'), `${alice.fingerprint}\n${ci.fingerprint}\n`);
    fs.writeFileSync(path.join(ctx.dir, 'logs', 'auth.log'), lines(normalAuthLog(now, alice.fingerprint)));
    fs.writeFileSync(path.join(ctx.dir, 'logs', 'access.log'), lines(normalAccessLog(now)));
    fs.writeFileSync(path.join(ctx.dir, 'app', 'session-secret'), `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    const tokens = {
      [LEAKED_TOKEN_ID]: { owner: 'billing-integration', allowedFrom: [TOKEN_OWNER_IP], revoked: false, replacedBy: null },
      'tok-ci-deploy': { owner: 'ci', allowedFrom: ['10.20.0.40'], revoked: false, replacedBy: null },
    };
    fs.writeFileSync(path.join(ctx.dir, 'app', 'tokens.json'), `${JSON.stringify(tokens, null, 2)}\n`);
    ctx.processes.spawn({ name: 'token-api', script: scripts['token-api.cjs']!, args: [ctx.dir, String(PORT)] });
    await waitUntil(
      async () => ((await probe(HEALTH_URL, 1000)).status === 200 ? true : undefined),
      START_TIMEOUT_MS,
      () => new LabStartError(`The intrusion lab's token API did not answer ${HEALTH_URL} within ${START_TIMEOUT_MS / 1000}s; see ${path.join(ctx.dir, 'logs')}.`),
    );
    ctx.log('intrusion lab up: token API on 127.0.0.1:18070');
    return {};
  },

  async health(): Promise<LabHealth> {
    const result = await probe(HEALTH_URL, 2000);
    return { healthy: result.status === 200, detail: describeProbe(result) };
  },

  async inject(ctx: LabContext) {
    const now = new Date();
    const intruder = generateSshPublicKey('support@localhost');
    fs.appendFileSync(path.join(ctx.dir, AUTHORIZED_KEYS), `${intruder.line}\n`);
    fs.appendFileSync(path.join(ctx.dir, 'logs', 'auth.log'), lines(intrusionAuthLog(now, intruder.fingerprint)));
    fs.appendFileSync(path.join(ctx.dir, 'logs', 'access.log'), lines(intrusionAccessLog(now)));
    ctx.log('injected: login from 203.0.113.66, an unknown SSH key for deploy, the leaked token used from 203.0.113.66');
    await waitUntil(
      async () => ((await probe(HEALTH_URL, 1000)).status === 200 ? undefined : true),
      START_TIMEOUT_MS,
      () => 'The intrusion lab still reports healthy after the traces were injected.',
    );
  },

  actions: {
    async 'intruder-retries'(ctx: LabContext) {
      fs.appendFileSync(path.join(ctx.dir, 'logs', 'auth.log'), lines(intruderRetryAuthLog(new Date())));
      ctx.log('facilitator: the intruder retried SSH logins from 203.0.113.66');
      return 'New failed SSH logins from 203.0.113.66 were added to logs/auth.log.';
    },
  },
};

function lines(list: string[]): string {
  return list.map((line) => `${line}\n`).join('');
}
