/**
 * Log lines for the intrusion lab, in the formats the security-breach
 * runbook parses: syslog-style auth.log (OpenSSH and sudo messages) and the
 * combined access-log format (client address first, `token_id=` in the query).
 */

/** Address the intruder uses; the runbook's drill profile names it as SUSPECT_IP. */
export const INTRUDER_IP = '203.0.113.66';
/** The leaked token's id; the drill profile's LEAKED_TOKEN_ID. */
export const LEAKED_TOKEN_ID = 'tok-drill-leaked';
/** Where the leaked token's owner (the billing integration) normally calls from. */
export const TOKEN_OWNER_IP = '10.20.0.15';
/** A colleague's workstation: the normal source of deploy logins. */
export const OFFICE_IP = '10.20.0.5';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HOST = 'web-1';

/** "Jun  1 03:12:44" (syslog, day padded with a space), in UTC. */
function syslogTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[at.getUTCMonth()]} ${String(at.getUTCDate()).padStart(2, ' ')} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
}

/** "01/Jun/2025:03:12:44 +0000" (nginx $time_local in UTC). */
function accessTime(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
}

function authLine(at: Date, program: string, message: string): string {
  return `${syslogTime(at)} ${HOST} ${program}: ${message}`;
}

function accessLine(at: Date, ip: string, request: string, status: number, bytes: number, agent: string): string {
  return `${ip} - - [${accessTime(at)}] "${request} HTTP/1.1" ${status} ${bytes} "-" "${agent}"`;
}

/** Normal auth.log history before `now`: the team's logins and cron, one hour apart. */
export function normalAuthLog(now: Date, deployKeyFingerprint: string): string[] {
  const lines: string[] = [];
  for (let hoursAgo = 6; hoursAgo >= 1; hoursAgo--) {
    const at = new Date(now.getTime() - hoursAgo * 3_600_000);
    lines.push(authLine(at, `sshd[${2100 + hoursAgo}]`, `Accepted publickey for deploy from ${OFFICE_IP} port ${50100 + hoursAgo} ssh2: ED25519 ${deployKeyFingerprint}`));
    lines.push(authLine(at, `sshd[${2100 + hoursAgo}]`, 'pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)'));
    lines.push(authLine(new Date(at.getTime() + 60_000), `CRON[${3100 + hoursAgo}]`, 'pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)'));
  }
  return lines;
}

/** What the intrusion leaves in auth.log: password guessing, then a key login for deploy and sudo use. */
export function intrusionAuthLog(now: Date, intruderKeyFingerprint: string): string[] {
  const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000);
  const lines: string[] = [];
  for (const [index, user] of ['admin', 'oracle', 'ubuntu', 'deploy', 'test'].entries()) {
    const message = user === 'deploy' ? `Failed password for deploy from ${INTRUDER_IP} port ${41000 + index} ssh2` : `Invalid user ${user} from ${INTRUDER_IP} port ${41000 + index}`;
    lines.push(authLine(at(900 - index * 7), `sshd[${4400 + index}]`, message));
  }
  lines.push(authLine(at(600), 'sshd[4471]', `Accepted publickey for deploy from ${INTRUDER_IP} port 41877 ssh2: ED25519 ${intruderKeyFingerprint}`));
  lines.push(authLine(at(600), 'sshd[4471]', 'pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)'));
  lines.push(authLine(at(540), 'sudo[4502]', '  deploy : TTY=pts/1 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow'));
  lines.push(authLine(at(530), 'sudo[4510]', '  deploy : TTY=pts/1 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/tar -czf /tmp/.cache.tgz /srv/web/config'));
  return lines;
}

/** The intruder coming back during the drill (a facilitator inject): fresh failed logins, no success. */
export function intruderRetryAuthLog(now: Date): string[] {
  return ['deploy', 'root', 'deploy'].map((user, index) =>
    authLine(new Date(now.getTime() - (20 - index * 5) * 1000), `sshd[${4600 + index}]`, `Failed ${user === 'root' ? 'publickey' : 'password'} for ${user} from ${INTRUDER_IP} port ${42000 + index} ssh2`),
  );
}

/** Normal access-log traffic: the token's owner calling the API, and browsers. */
export function normalAccessLog(now: Date): string[] {
  const lines: string[] = [];
  for (let minutesAgo = 120; minutesAgo >= 5; minutesAgo -= 5) {
    const at = new Date(now.getTime() - minutesAgo * 60_000);
    lines.push(accessLine(at, TOKEN_OWNER_IP, `GET /api/v1/invoices?since=today&token_id=${LEAKED_TOKEN_ID}`, 200, 1832, 'billing-sync/4.2'));
    lines.push(accessLine(at, '198.51.100.23', 'GET /', 200, 5120, 'Mozilla/5.0 (X11; Linux x86_64)'));
  }
  return lines;
}

/** The leaked token used from the intruder's address to page through a customer export. */
export function intrusionAccessLog(now: Date): string[] {
  const lines: string[] = [];
  for (let page = 1; page <= 12; page++) {
    const at = new Date(now.getTime() - (480 - page * 20) * 1000);
    lines.push(accessLine(at, INTRUDER_IP, `GET /api/v1/customers/export?page=${page}&token_id=${LEAKED_TOKEN_ID}`, 200, 48_000 + page * 13, 'python-requests/2.31.0'));
  }
  lines.push(accessLine(new Date(now.getTime() - 200_000), INTRUDER_IP, `POST /api/v1/webhooks?token_id=${LEAKED_TOKEN_ID}`, 201, 96, 'python-requests/2.31.0'));
  return lines;
}
