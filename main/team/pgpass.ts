import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What a password is looked up for, as libpq matches it. */
export interface PgpassTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** The password file libpq and psql read: PGPASSFILE, else ~/.pgpass. */
export function pgpassFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.PGPASSFILE || path.join(os.homedir(), '.pgpass');
}

/**
 * The password for `target` from a .pgpass file (hostname:port:database:
 * username:password, `*` matching anything, `\:` and `\\` escaped), as
 * libpq reads it: the first matching line wins, and on POSIX a file that
 * others can read is ignored (with a warning), as psql does.
 */
export function readPgpass(target: PgpassTarget, file = pgpassFile(), warn: (message: string) => void = () => {}): string | undefined {
  let text: string;
  try {
    if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) {
      warn(`password file "${file}" has group or world access; permissions should be u=rw (0600) or less. It was not used.`);
      return undefined;
    }
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const fields = splitLine(line);
    if (fields.length < 5) continue;
    const [host, port, database, user] = fields;
    const matches = (pattern: string, value: string) => pattern === '*' || pattern === value;
    if (matches(host!, target.host) && matches(port!, String(target.port)) && matches(database!, target.database) && matches(user!, target.user)) {
      return fields.slice(4).join(':');
    }
  }
  return undefined;
}

function splitLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '\\' && i + 1 < line.length) {
      current += line[++i];
    } else if (char === ':' && fields.length < 4) {
      fields.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields;
}
