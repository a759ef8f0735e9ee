import type { Command } from 'commander';
import type { Client } from 'pg';
import { SettingsStore } from '../../settings/settings-store';
import { SyncStore } from '../../store/sync-store';
import { inviteLink } from '../../team/invite';
import { LATEST_SERVER_SCHEMA, migrateServer, serverSchemaVersion } from '../../team/server-schema';
import { checkStorableUrl, connectTeam, describeUrl, readTeamSettings, TeamConfigError, withTeamClient, writeTeamSettings } from '../../team/team-connection';
import { countLag, joinByInvite, requireTeamMember, shareIncident } from '../../team/team-incidents';
import { searchTeamIncidents } from '../../team/team-history';
import { TeamSync } from '../../team/team-sync';
import type { Severity } from '../../../shared/export/incident-record';
import { MAX_SHARE_OUTPUT_CAP_BYTES, parseByteSize } from '../../../shared/team/output-sharing';
import { resolveDataDir } from '../data-dir';
import { failCommand, withIncidentDatabase, type CliIncidentDatabase } from './incident-database';

const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const warn = (message: string) => process.stderr.write(`firebreak: warning: ${message}\n`);

/** The team settings of the command's data folder; fails with what to run when there are none. */
function teamSettings(command: Command): { url: string; team: string } {
  const settings = new SettingsStore(resolveDataDir(command));
  const { url, team } = readTeamSettings(settings);
  if (!url || !team) throw new TeamConfigError('This data folder is not connected to a team: run "firebreak team connect URL --team NAME" first.');
  return { url, team };
}

/** One piece of work on the team database, on a connection of its own (.pgpass gives the password). */
function withTeam<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  return withTeamClient(url, work, { warn, unreachableHint: '; run "firebreak sync" when it is back' });
}

function print(json: boolean | undefined, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text);
}

/**
 * `firebreak team connect|status|join|migrate`, `firebreak declare` and
 * `firebreak sync`: the team's record on PostgreSQL from the command line.
 */
export function register(program: Command): void {
  const team = program.command('team').description("share incidents with your team through the team's PostgreSQL");

  team
    .command('connect <url>')
    .description('connect this data folder to the team database (the password comes from ~/.pgpass or PGPASSFILE, never the URL)')
    .requiredOption('--team <name>', 'the team whose incidents you share')
    .option('--name <display name>', 'your name on the shared timeline (default: your OS user name)')
    .action(async (url: string, options: { team: string; name?: string }, command: Command) => {
      try {
        checkStorableUrl(url);
        const version = await withTeam(url, async (client) => {
          await requireTeamMember(client, options.team);
          return serverSchemaVersion(client);
        });
        writeTeamSettings(new SettingsStore(resolveDataDir(command)), { url, team: options.team, ...(options.name ? { displayName: options.name } : {}) });
        process.stdout.write(`Connected to ${describeUrl(url)} as a member of team "${options.team}" (server schema ${version}).\n`);
      } catch (error) {
        failCommand((error as Error).message);
      }
    });

  team
    .command('migrate [url]')
    .description('create or update the Firebreak schema on the team database (administrators)')
    .action(async (url: string | undefined, _options: unknown, command: Command) => {
      try {
        const target = url ?? readTeamSettings(new SettingsStore(resolveDataDir(command))).url;
        if (!target) throw new TeamConfigError('Name the database: firebreak team migrate URL (or set FIREBREAK_DATABASE_URL).');
        const client = await connectTeam(target, { warn });
        try {
          const applied = await migrateServer(client);
          process.stdout.write(applied.length ? `Applied server schema ${applied.join(', ')}; now at ${LATEST_SERVER_SCHEMA}.\n` : `The server schema is up to date (${LATEST_SERVER_SCHEMA}).\n`);
        } finally {
          await client.end().catch(() => undefined);
        }
      } catch (error) {
        failCommand((error as Error).message);
      }
    });

  team
    .command('status')
    .description('pending pushes, last pull and lag of the shared incidents')
    .option('--json', 'print it as JSON')
    .action((options: { json?: boolean }, command: Command) =>
      withIncidentDatabase(command, async (db) => {
        const { url, team: teamName } = readTeamSettings(new SettingsStore(db.dataDir));
        const sync = new SyncStore(db.events);
        const incidents = sync.teamIncidents();
        const lastPull = sync.lastPullAt(incidents);
        let lag: number | null = null;
        let reachable = false;
        if (url && incidents.length) {
          try {
            lag = await withTeam(url, (client) => countLag(client, incidents, sync.installId));
            reachable = true;
          } catch (error) {
            warn((error as Error).message);
          }
        }
        const status = {
          url: url ? describeUrl(url) : null,
          team: teamName ?? null,
          sharedIncidents: incidents.length,
          pendingPushes: sync.pendingCount(),
          lastPull,
          lag,
          reachable,
        };
        print(
          options.json,
          status,
          url
            ? `Team ${status.team} at ${status.url}\n` +
                `  shared incidents: ${status.sharedIncidents}\n  pending pushes:   ${status.pendingPushes}\n` +
                `  last pull:        ${lastPull ?? 'never'}\n  lag:              ${lag === null ? 'unknown (offline)' : `${lag} event(s) to pull`}\n`
            : 'Not connected to a team (firebreak team connect URL --team NAME).\n',
        );
      }),
    );

  team
    .command('join <invite>')
    .description('join a shared incident by its invite code or firebreak://join/ link; it becomes the active incident')
    .option('--json', 'print it as JSON')
    .action((invite: string, options: { json?: boolean }, command: Command) =>
      withIncidentDatabase(command, async (db) => {
        const { url } = teamSettings(command);
        const sync = new SyncStore(db.events);
        const joined = await withTeam(url, async (client) => {
          const incident = await joinByInvite(client, sync, invite);
          const pulled = await new TeamSync(sync).pullIncident(client, incident.incidentId);
          return { ...incident, pulled: pulled.length };
        });
        print(options.json, joined, `Joined "${joined.title}" (${joined.incidentId}); ${joined.pulled} event(s) pulled. It is the active incident now.\n`);
      }),
    );

  program
    .command('declare <title>')
    .description('declare an incident (it becomes the active one); --shared shares it with your team and prints its invite code')
    .option('--severity <sev>', 'SEV1 … SEV4', 'SEV3')
    .option('--shared', "share it with your team (firebreak team connect first)")
    .option('--share-output', "share each run's full terminal output with the team, not only its excerpt (capped per run, redacted)")
    .option('--json', 'print it as JSON')
    .action((title: string, options: { severity: string; shared?: boolean; shareOutput?: boolean; json?: boolean }, command: Command) =>
      withIncidentDatabase(command, async (db: CliIncidentDatabase) => {
        const severity = options.severity.toUpperCase();
        if (!SEVERITIES.includes(severity)) throw new Error(`--severity must be one of ${SEVERITIES.join(', ')}, not "${options.severity}".`);
        const input = { title, kind: 'incident' as const, severity: severity as Severity };
        const declare = () => {
          const change = db.incidents.declare(input);
          // Recorded before the incident is shared, so the setting goes out with its first push.
          if (options.shareOutput) new SyncStore(db.events).setOutputSharing(change.incident.id, true);
          return change;
        };
        if (!options.shared) {
          const { incident } = declare();
          print(options.json, { id: incident.id, title: incident.title, severity: incident.severity }, `${incident.id}\n`);
          return;
        }
        const { url, team: teamName } = teamSettings(command);
        const sync = new SyncStore(db.events);
        // Declared here first, as always: recording never waits for the server.
        const { incident } = declare();
        let inviteCode: string;
        try {
          inviteCode = await withTeam(url, async (client) => {
            const code = await shareIncident(client, sync, incident.id, teamName);
            await new TeamSync(sync).push(client);
            return code;
          });
        } catch (error) {
          throw new Error(`${(error as Error).message}\nThe incident was declared here (${incident.id}) but is not shared yet: run "firebreak team share ${incident.id}" when you can reach the team database.`);
        }
        print(
          options.json,
          { id: incident.id, title, severity, team: teamName, inviteCode, inviteLink: inviteLink(inviteCode) },
          `${incident.id}\ninvite: ${inviteCode}  (${inviteLink(inviteCode)})\n`,
        );
      }),
    );

  team
    .command('share-output <incident> <state>')
    .description("share an incident's full terminal output with the team (on), or only each run's excerpt (off, the default); 'active' names the active incident")
    .option('--cap <size>', 'at most this much of each run (bytes, or with KiB / MiB), default 5MiB')
    .option('--json', 'print it as JSON')
    .action((incidentArg: string, state: string, options: { cap?: string; json?: boolean }, command: Command) =>
      withIncidentDatabase(command, (db) => {
        if (state !== 'on' && state !== 'off') throw new Error(`The state is "on" or "off", not "${state}".`);
        const capBytes = options.cap === undefined ? undefined : parseByteSize(options.cap);
        if (options.cap !== undefined && (capBytes === undefined || capBytes > MAX_SHARE_OUTPUT_CAP_BYTES)) {
          throw new Error(`--cap must be a size up to ${MAX_SHARE_OUTPUT_CAP_BYTES / (1024 * 1024)} MiB (like 5MiB or 800KiB), not "${options.cap}".`);
        }
        const incidentId = incidentArg === 'active' ? db.events.activeIncidentId() : incidentArg;
        if (!incidentId || !db.events.getIncident(incidentId)) throw new Error(`There is no incident "${incidentArg}" in this data folder.`);
        const sync = new SyncStore(db.events);
        const sharing = sync.setOutputSharing(incidentId, state === 'on', capBytes);
        const shared = sync.teamIncident(incidentId) !== undefined;
        print(
          options.json,
          { incidentId, ...sharing, shared },
          `${sharing.enabled ? `Full output of each run is shared with the team, up to ${sharing.capBytes.toLocaleString('en-US')} bytes per run (redacted).` : "Only each run's excerpt is shared with the team."}` +
            `${shared ? ' It goes out with the next sync.' : ' It applies once the incident is shared (firebreak team share).'}\n`,
        );
      }),
    );

  team
    .command('share [incident]')
    .description('share an incident already declared here (default: the active one) and print its invite code')
    .option('--json', 'print it as JSON')
    .action((incidentId: string | undefined, options: { json?: boolean }, command: Command) =>
      withIncidentDatabase(command, async (db) => {
        const { url, team: teamName } = teamSettings(command);
        const id = incidentId ?? db.incidents.activeId();
        if (!id) throw new Error('There is no incident to share.');
        const sync = new SyncStore(db.events);
        const inviteCode = await withTeam(url, async (client) => {
          const code = await shareIncident(client, sync, id, teamName);
          await new TeamSync(sync).push(client);
          return code;
        });
        print(options.json, { id, inviteCode, inviteLink: inviteLink(inviteCode) }, `invite: ${inviteCode}  (${inviteLink(inviteCode)})\n`);
      }),
    );

  program
    .command('sync')
    .description("push this data folder's shared events and pull the team's, once (for scripts)")
    .option('--json', 'print the counts as JSON')
    .action((options: { json?: boolean }, command: Command) =>
      withIncidentDatabase(command, async (db) => {
        const { url } = teamSettings(command);
        const sync = new SyncStore(db.events);
        const result = await withTeam(url, (client) => new TeamSync(sync).sync(client));
        print(options.json, { pushed: result.pushed, pulled: result.pulled.length, pending: sync.pendingCount() }, `pushed ${result.pushed}, pulled ${result.pulled.length}\n`);
      }),
    );
}

/** `firebreak incidents --team [query]`: the team's incidents, searched on the server. */
export async function listTeamIncidents(command: Command, query: string, json: boolean | undefined): Promise<void> {
  try {
    const { url } = teamSettings(command);
    const found = await withTeam(url, (client) => searchTeamIncidents(client, query));
    if (json) {
      process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      return;
    }
    if (!found.length) {
      process.stdout.write(query ? `No team incident matches "${query}".\n` : 'Your teams have no shared incidents yet.\n');
      return;
    }
    for (const incident of found) {
      const hits = incident.matches === null ? '' : `  (${incident.matches} matching event${incident.matches === 1 ? '' : 's'})`;
      process.stdout.write(
        `  ${incident.id}  ${incident.createdAt.slice(0, 16).replace('T', ' ')}Z  ${incident.severity}  [${incident.team}] ${incident.title}  invite ${incident.inviteCode}${hits}\n`,
      );
    }
  } catch (error) {
    failCommand((error as Error).message);
  }
}
