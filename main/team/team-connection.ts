import fs from 'node:fs';
import os from 'node:os';
import { Client, type ClientConfig } from 'pg';
import { InvalidInput, Unavailable } from '../../shared/model/domain-errors';
import type { SettingsStore } from '../settings/settings-store';
import { readPgpass } from './pgpass';
import { requireServerSchema } from './server-schema';

/** Preference keys (settings.json) of the team connection: never a password. */
export const TEAM_URL_KEY = 'team.url';
export const TEAM_NAME_KEY = 'team.name';
/** The responder's display name on events (default: the OS user). */
export const DISPLAY_NAME_KEY = 'team.displayName';

/** The display name set for this data folder, if any. */
export function readDisplayName(settings: SettingsStore): string | undefined {
  const name = settings.getPreference(DISPLAY_NAME_KEY);
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

/** Where the team's PostgreSQL is and which team this responder shares incidents with. */
export interface TeamSettings {
  url?: string;
  team?: string;
}

export function readTeamSettings(settings: SettingsStore, env: NodeJS.ProcessEnv = process.env): TeamSettings {
  const url = env.FIREBREAK_DATABASE_URL || (settings.getPreference(TEAM_URL_KEY) as string | undefined);
  const team = env.FIREBREAK_TEAM || (settings.getPreference(TEAM_NAME_KEY) as string | undefined);
  return { ...(url ? { url } : {}), ...(team ? { team } : {}) };
}

export function writeTeamSettings(settings: SettingsStore, value: Required<TeamSettings> & { displayName?: string }): void {
  settings.setPreference(TEAM_URL_KEY, value.url);
  settings.setPreference(TEAM_NAME_KEY, value.team);
  if (value.displayName) settings.setPreference(DISPLAY_NAME_KEY, value.displayName);
}

/** The settings cannot be used as they are; the message says what to do. */
export class TeamConfigError extends InvalidInput {
  override readonly name: string = 'TeamConfigError';
}

/**
 * Checks a URL before it is stored: a postgres:// URL without a password
 * (passwords live in .pgpass / PGPASSFILE for the CLI and in the OS keychain,
 * through Electron's safeStorage, in the app).
 */
export function checkStorableUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TeamConfigError(`"${text}" is not a URL (postgres://user@host:5432/database).`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new TeamConfigError(`"${text}" is not a postgres:// URL.`);
  if (url.password) {
    throw new TeamConfigError(
      'The URL holds a password, and Firebreak never stores one in clear: leave it out of the URL and put it in ~/.pgpass (or the file PGPASSFILE names), as psql reads it.',
    );
  }
  return url;
}

/** The URL with any password replaced, for messages and status. */
export function describeUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * The pg client settings for a URL: TLS with full verification
 * (sslmode=verify-full: the server's certificate and its name are checked)
 * unless the URL says otherwise, and the password, when the URL has none,
 * from `password` (the app's keychain) or else from .pgpass.
 */
export function clientConfig(text: string, options: { password?: () => Promise<string | undefined>; warn?: (message: string) => void } = {}): ClientConfig {
  const url = new URL(text);
  const param = (name: string) => url.searchParams.get(name) ?? undefined;
  const host = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, '')) || param('host') || 'localhost';
  const port = Number(url.port || param('port') || 5432);
  const user = decodeURIComponent(url.username) || param('user') || os.userInfo().username;
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || param('dbname') || user;
  const sslmode = param('sslmode') ?? 'verify-full';
  if (!['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'].includes(sslmode)) throw new TeamConfigError(`Unknown sslmode "${sslmode}".`);
  const rootCert = param('sslrootcert');
  const config: ClientConfig = {
    host,
    port,
    user,
    database,
    // Anything but an explicit sslmode=disable verifies the certificate and the host name (libpq's verify-full).
    ssl: sslmode === 'disable' ? false : { rejectUnauthorized: true, servername: host, ...(rootCert ? { ca: fs.readFileSync(rootCert, 'utf8') } : {}) },
    connectionTimeoutMillis: 5000,
    application_name: 'firebreak',
    keepAlive: true,
  };
  const inUrl = url.password ? decodeURIComponent(url.password) : undefined;
  config.password = async () => inUrl ?? (await options.password?.()) ?? readPgpass({ host, port, database, user }, undefined, options.warn) ?? '';
  return config;
}

/** A connected client for `url` (errors after connecting are reported through `onError`, never thrown at the process). */
export async function connectTeam(url: string, options: Parameters<typeof clientConfig>[1] & { onError?: (error: Error) => void } = {}): Promise<Client> {
  const client = new Client(clientConfig(url, options));
  client.on('error', (error) => options.onError?.(error));
  await client.connect();
  return client;
}

/** The team database could not be reached (the work was not done; nothing local was lost). */
class TeamUnreachableError extends Unavailable {
  override readonly name: string = 'TeamUnreachableError';
}

/** How `withTeamClient` connects, and what it says when it cannot. */
export interface TeamClientOptions {
  /** The password when the URL has none (else .pgpass is read). */
  password?: () => Promise<string | undefined>;
  warn?: (message: string) => void;
  /** Said after "Everything is still recorded here" when the server cannot be reached (e.g. what to run then). */
  unreachableHint?: string;
}

/**
 * A connection of its own for one piece of work on the team database: the
 * server schema is checked first, and the connection closed after. A server
 * that cannot be reached is said in words that say nothing is lost.
 */
export async function withTeamClient<T>(url: string, work: (client: Client) => Promise<T>, options: TeamClientOptions = {}): Promise<T> {
  const client = await connectTeam(url, {
    ...(options.password ? { password: options.password } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
    onError: () => undefined,
  }).catch((error: Error) => {
    throw new TeamUnreachableError(`Cannot reach the team database ${describeUrl(url)}: ${error.message}. Everything is still recorded here${options.unreachableHint ?? ''}.`);
  });
  try {
    await requireServerSchema(client);
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
