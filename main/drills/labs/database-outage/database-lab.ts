import fs from 'node:fs';
import path from 'node:path';
import type { LabHealth } from '../../../../shared/drills/lab-scenarios';
import { describeProbe, probe } from '../../http-probe';
import { copyLabScripts } from '../../lab-dir';
import { LabStartError } from '../../lab-errors';
import type { LabContext, LabDefinition } from '../../lab-types';
import { signal } from '../../process-tree';
import { waitUntil } from '../../wait-until';
import { findPostgresBinDir, postgresAccount, runPostgresProgram, type PostgresAccount } from './postgres-install';

/** Ports from the database-outage runbook's drill profile (PGPORT, REPLICA_PORT, APP_URL). */
const PRIMARY_PORT = 15432;
const REPLICA_PORT = 15433;
const APP_PORT = 18060;
const APP_HEALTH_URL = `http://127.0.0.1:${APP_PORT}/healthz`;
/** How long one server or the app may take to come up (ms); initdb and base backups on a busy machine. */
const STEP_TIMEOUT_MS = 60_000;

/** Lab settings on top of initdb's postgresql.conf: loopback only, no Unix socket outside the lab, WAL archived into backups/wal. */
function serverSettings(labDir: string, port: number): string {
  const archive = path.join(labDir, 'backups', 'wal');
  return [
    '',
    '# Firebreak database lab',
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    "unix_socket_directories = ''",
    'max_connections = 30',
    'shared_buffers = 16MB',
    'wal_level = replica',
    'max_wal_senders = 5',
    'wal_keep_size = 64MB',
    'hot_standby = on',
    'archive_mode = on',
    `archive_command = 'test ! -f "${archive}/%f" && cp "%p" "${archive}/%f"'`,
    // A lab, not a database anyone keeps: skip fsync to start fast on a shared machine. Commits stay
    // synchronous, so WAL is flushed to a record boundary and a crash never leaves the replica holding half a record.
    'fsync = off',
    "log_line_prefix = '%m [%p] '",
    '',
  ].join('\n');
}

interface DatabaseLabState {
  binDir: string;
  account?: PostgresAccount;
}

const states = new WeakMap<LabContext, DatabaseLabState>();

/**
 * Database lab. Layout as the drill profile names it: pg/primary (port
 * 15432), pg/replica (streaming, 15433), backups/base/<name> (a plain
 * pg_basebackup with manifest) and backups/wal (the WAL archive),
 * app/db-endpoint and the app on 127.0.0.1:18060, whose /healthz passes only
 * when it can write. Every PostgreSQL server runs under a keeper process
 * (pg-keeper.cjs) so it ends with the lab. The injector crashes the primary.
 */
export const databaseLab: LabDefinition = {
  scenario: 'database-outage',

  async start(ctx: LabContext) {
    const binDir = findPostgresBinDir();
    const account = postgresAccount();
    states.set(ctx, { binDir, account });
    const scripts = copyLabScripts(ctx.scriptsDir, ctx.dir, ['database-outage/pg-keeper.cjs', 'database-outage/app-server.cjs']);
    const at = (...parts: string[]) => path.join(ctx.dir, ...parts);
    for (const sub of ['pg', 'backups/base', 'backups/wal', 'app', 'run', 'logs']) fs.mkdirSync(at(sub), { recursive: true });
    if (account) {
      // PostgreSQL runs as an unprivileged account: it must reach the lab and own its data and backups.
      fs.chmodSync(ctx.dir, 0o755);
      for (const sub of ['pg', 'backups', 'backups/base', 'backups/wal']) fs.chownSync(at(sub), account.uid, account.gid);
    }
    const pg = (program: string, args: string[]) => runPostgresProgram(binDir, program, args, { cwd: ctx.dir, account });
    const psql = (port: number, database: string, sql: string) =>
      runPostgresProgram(binDir, 'psql', ['-X', '-w', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-c', sql], {
        cwd: ctx.dir,
      });
    const keeper = (name: string, dataDir: string) =>
      ctx.processes.spawn({
        name,
        script: scripts['pg-keeper.cjs']!,
        args: [ctx.dir, binDir, dataDir],
        env: account ? { FIREBREAK_PG_UID: String(account.uid), FIREBREAK_PG_GID: String(account.gid) } : {},
      });
    const waitForServer = (port: number, wantRecovery: 't' | 'f', logName: string) =>
      waitUntil(
        async () => ((await psql(port, 'postgres', 'SELECT pg_is_in_recovery()').catch(() => '')).trim() === wantRecovery ? true : undefined),
        STEP_TIMEOUT_MS,
        () => new LabStartError(`PostgreSQL on 127.0.0.1:${port} did not come up; see ${at('logs', `${logName}.log`)}.`),
        250,
      );

    await pg('initdb', ['-D', at('pg', 'primary'), '-U', 'postgres', '--auth=trust', '--no-locale', '-E', 'UTF8', '--no-sync']);
    fs.appendFileSync(at('pg', 'primary', 'postgresql.conf'), serverSettings(ctx.dir, PRIMARY_PORT));
    keeper('pg-primary', at('pg', 'primary'));
    await waitForServer(PRIMARY_PORT, 'f', 'pg-primary');
    await psql(PRIMARY_PORT, 'postgres', 'CREATE DATABASE app');
    await psql(
      PRIMARY_PORT,
      'app',
      'CREATE TABLE app_heartbeat (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), source text NOT NULL); ' +
        'CREATE TABLE orders (id bigserial PRIMARY KEY, customer text NOT NULL, total_cents integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now()); ' +
        "INSERT INTO orders (customer, total_cents) SELECT 'customer-' || n, 100 * n FROM generate_series(1, 50) AS n",
    );

    await pg('pg_basebackup', ['-w', '-h', '127.0.0.1', '-p', String(PRIMARY_PORT), '-U', 'postgres', '-D', at('pg', 'replica'), '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
    fs.appendFileSync(at('pg', 'replica', 'postgresql.auto.conf'), `port = ${REPLICA_PORT}\n`);
    keeper('pg-replica', at('pg', 'replica'));
    await waitForServer(REPLICA_PORT, 't', 'pg-replica');

    const backupName = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    await pg('pg_basebackup', ['-w', '-h', '127.0.0.1', '-p', String(PRIMARY_PORT), '-U', 'postgres', '-D', at('backups', 'base', backupName), '-X', 'stream', '-c', 'fast', '--no-sync']);

    fs.writeFileSync(at('app', 'db-endpoint'), `host=127.0.0.1 port=${PRIMARY_PORT}\n`);
    ctx.processes.spawn({ name: 'app', script: scripts['app-server.cjs']!, args: [ctx.dir, String(APP_PORT)], env: { PG_BINDIR: binDir } });
    await waitUntil(
      async () => ((await probe(APP_HEALTH_URL, 5000)).status === 200 ? true : undefined),
      STEP_TIMEOUT_MS,
      async () => new LabStartError(`The database lab's app did not become healthy: ${describeProbe(await probe(APP_HEALTH_URL, 5000))}; see ${at('logs', 'app.log')}.`),
    );
    ctx.log(`database lab up: primary :${PRIMARY_PORT}, replica :${REPLICA_PORT}, app :${APP_PORT}, base backup ${backupName}${account ? `, PostgreSQL as ${account.name}` : ''}`);
    return { PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}` };
  },

  async health(): Promise<LabHealth> {
    const result = await probe(APP_HEALTH_URL, 6000);
    return { healthy: result.status === 200, detail: describeProbe(result) };
  },

  async inject(ctx: LabContext) {
    const state = states.get(ctx);
    if (!state) throw new Error('The database lab was not started.');
    // The scenario is a healthy replica losing its primary: wait until it has replayed everything flushed so far.
    const psqlAt = (port: number, sql: string) =>
      runPostgresProgram(state.binDir, 'psql', ['-X', '-w', '-q', '-At', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', sql], { cwd: ctx.dir });
    const flushed = (await psqlAt(PRIMARY_PORT, 'SELECT pg_current_wal_flush_lsn()')).trim();
    await waitUntil(
      async () => ((await psqlAt(REPLICA_PORT, `SELECT pg_last_wal_replay_lsn() >= '${flushed}'::pg_lsn`).catch(() => '')).trim() === 't' ? true : undefined),
      STEP_TIMEOUT_MS,
      () => `The replica did not replay up to ${flushed} before the crash was injected; see ${path.join(ctx.dir, 'logs', 'pg-replica.log')}.`,
    );
    // An immediate stop is a crash: no shutdown checkpoint, clients cut off.
    await runPostgresProgram(state.binDir, 'pg_ctl', ['-D', path.join(ctx.dir, 'pg', 'primary'), '-m', 'immediate', '-w', 'stop'], { cwd: ctx.dir, account: state.account });
    ctx.log('injected: the primary crashed (pg_ctl stop -m immediate)');
    await waitUntil(
      async () => ((await probe(APP_HEALTH_URL, 6000)).status === 200 ? undefined : true),
      STEP_TIMEOUT_MS,
      () => 'The database lab app still reports healthy after the primary went down.',
    );
  },

  cleanUp(ctx: LabContext) {
    stopStrayPostmasters(path.join(ctx.dir, 'pg'));
  },
};

/**
 * Stops PostgreSQL servers a responder started from the drill shell (restore,
 * rebuilt replica) in <lab>/pg/*: they are not keeper children. A server is
 * matched by the pid in its postmaster.pid and confirmed by its working
 * directory (a postmaster chdirs into its data directory), so a recycled pid
 * is never signalled.
 */
export function stopStrayPostmasters(pgRoot: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(pgRoot);
  } catch {
    return;
  }
  const pids: number[] = [];
  for (const entry of entries) {
    const dir = path.join(pgRoot, entry);
    try {
      const pid = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0 && fs.readlinkSync(`/proc/${pid}/cwd`) === fs.realpathSync(dir)) pids.push(pid);
    } catch {
      // No running server there.
    }
  }
  for (const pid of pids) signal(pid, 'SIGQUIT');
  // Synchronous wait (this also runs from an exit handler): up to 3 s for the immediate shutdown.
  const deadline = Date.now() + 3000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < deadline && pids.some((pid) => signal(pid, 0))) Atomics.wait(pause, 0, 0, 50);
  for (const pid of pids) signal(pid, 'SIGKILL');
}

