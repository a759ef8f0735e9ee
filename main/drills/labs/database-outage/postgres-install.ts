import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LabStartError } from '../../lab-errors';

/** The server programs the lab runs itself; the runbook also needs psql, pg_isready and pg_basebackup. */
const REQUIRED_PROGRAMS = ['initdb', 'postgres', 'pg_ctl', 'pg_basebackup', 'psql'];

/**
 * The directory with PostgreSQL's server programs: FIREBREAK_PG_BINDIR, else
 * the newest /usr/lib/postgresql/<version>/bin (Debian and Ubuntu keep
 * initdb and pg_ctl there, off PATH), else the directory of pg_ctl on PATH.
 */
export function findPostgresBinDir(): string {
  const candidates: string[] = [];
  if (process.env.FIREBREAK_PG_BINDIR) candidates.push(process.env.FIREBREAK_PG_BINDIR);
  try {
    const versions = fs
      .readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  } catch {
    // Not Debian-style.
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const pgCtl = path.join(dir, 'pg_ctl');
    if (dir && fs.existsSync(pgCtl)) candidates.push(path.dirname(fs.realpathSync(pgCtl)));
  }
  const found = candidates.find((dir) => REQUIRED_PROGRAMS.every((program) => fs.existsSync(path.join(dir, program))));
  if (!found) {
    throw new LabStartError(
      `The database lab needs the PostgreSQL server programs (${REQUIRED_PROGRAMS.join(', ')}) and found none ` +
        '(looked in FIREBREAK_PG_BINDIR, /usr/lib/postgresql/*/bin and PATH). Install PostgreSQL, e.g. "apt-get install postgresql".',
    );
  }
  return found;
}

/** A system account to run PostgreSQL as. */
export interface PostgresAccount {
  name: string;
  uid: number;
  gid: number;
}

/**
 * Who runs the PostgreSQL processes. PostgreSQL refuses to run as root, so
 * as root it is the `postgres` account (created by the distribution's
 * package), else `nobody`; as anyone else, undefined: the current user.
 */
export function postgresAccount(): PostgresAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  for (const name of ['postgres', 'nobody']) {
    const entry = passwd.find((fields) => fields[0] === name);
    if (entry) return { name, uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new LabStartError('Running as root, the database lab needs an unprivileged account to run PostgreSQL as (postgres or nobody), and found neither in /etc/passwd.');
}

/** Runs a PostgreSQL program (as `account` when given) and resolves to its stdout; rejects with its stderr. */
export function runPostgresProgram(
  binDir: string,
  program: string,
  args: string[],
  options: { cwd: string; account?: PostgresAccount; timeoutMs?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      path.join(binDir, program),
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 60_000,
        env: { PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`, LANG: 'C.UTF-8', LC_ALL: 'C', HOME: options.cwd, PGCONNECT_TIMEOUT: '3' },
        ...(options.account ? { uid: options.account.uid, gid: options.account.gid } : {}),
      },
      (error, stdout, stderr) => {
        if (error) reject(new LabStartError(`${program} ${args.join(' ')} failed: ${(stderr || error.message).trim()}`));
        else resolve(stdout);
      },
    );
  });
}
