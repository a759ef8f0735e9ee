import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { findPostgresBinDir, postgresAccount, runPostgresProgram, type PostgresAccount } from '../../drills/labs/database-outage/postgres-install';
import { migrateServer } from '../server-schema';

/**
 * A real PostgreSQL server for the team tests and the bench, started the way
 * the drill labs start theirs: initdb into a temp folder, loopback only, no
 * Unix socket, passwords required (SCRAM). Crash it (`crash()`: an
 * immediate stop, as a killed server) and start it again on the same port
 * with the same data; `stop()` removes everything.
 */
export interface TestPostgres {
  readonly port: number;
  readonly dir: string;
  /** A connection URL for `role` (sslmode=disable: loopback test server without TLS). */
  url(role: string, password?: string): string;
  /** Runs SQL as the superuser. */
  admin<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Creates a team and responder roles (login, password = name) on it. */
  addTeam(team: string, members: string[]): Promise<void>;
  crash(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const SUPERUSER_PASSWORD = 'firebreak-test-superuser';

export async function startTestPostgres(): Promise<TestPostgres> {
  const binDir = findPostgresBinDir();
  const account: PostgresAccount | undefined = postgresAccount();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-team-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const pwFile = path.join(dir, 'pw');
  fs.writeFileSync(pwFile, `${SUPERUSER_PASSWORD}\n`);
  if (account) {
    fs.chmodSync(dir, 0o755);
    fs.chownSync(dir, account.uid, account.gid);
    fs.chownSync(pwFile, account.uid, account.gid);
  }
  const port = await freePort();
  const pg = (program: string, args: string[]) => runPostgresProgram(binDir, program, args, { cwd: dir, account, timeoutMs: 120_000 });
  await pg('initdb', ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--no-locale', '-E', 'UTF8', '--no-sync']);
  fs.appendFileSync(
    path.join(dataDir, 'postgresql.conf'),
    ["", "listen_addresses = '127.0.0.1'", `port = ${port}`, "unix_socket_directories = ''", 'max_connections = 60', 'shared_buffers = 16MB', 'fsync = off', ''].join('\n'),
  );

  const url = (role: string, password = role) => `postgres://${encodeURIComponent(role)}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres?sslmode=disable`;
  const start = async () => {
    await pg('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']);
  };
  const admin = async <T,>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: url('postgres', SUPERUSER_PASSWORD) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  await start();
  const client = new Client({ connectionString: url('postgres', SUPERUSER_PASSWORD) });
  await client.connect();
  try {
    await migrateServer(client);
  } finally {
    await client.end();
  }

  return {
    port,
    dir,
    url,
    admin,
    async addTeam(team, members) {
      await admin('INSERT INTO firebreak.teams (name) VALUES ($1) ON CONFLICT DO NOTHING', [team]);
      for (const member of members) {
        await admin(
          `DO $$ BEGIN
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${member}') THEN
               CREATE ROLE "${member}" LOGIN PASSWORD '${member}' IN ROLE firebreak_responder;
             END IF;
           END $$`,
        );
        await admin('INSERT INTO firebreak.team_members (team, member) VALUES ($1, $2) ON CONFLICT DO NOTHING', [team, member]);
      }
    },
    async crash() {
      await pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    },
    start,
    async stop() {
      await pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
