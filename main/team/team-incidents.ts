import type { ClientBase } from 'pg';
import { Refused } from '../../shared/model/domain-errors';
import type { DeclareIncidentInput, IncidentChange, IncidentStore } from '../store/incident-store';
import type { SyncStore, TeamIncident } from '../store/sync-store';
import { newInviteCode, parseInvite } from './invite';
import { TeamConfigError } from './team-connection';

/** Why joining or sharing was refused, in words for the responder. */
export class TeamAccessError extends Refused {
  override readonly name: string = 'TeamAccessError';
}

/**
 * Declares an incident locally (as always: it works offline) and registers
 * it on the team's server with a new invite code; its events then go out
 * with every push. Returns the change and the invite code.
 */
export async function declareShared(
  client: ClientBase,
  incidents: IncidentStore,
  sync: SyncStore,
  input: DeclareIncidentInput,
  team: string,
): Promise<IncidentChange & { inviteCode: string }> {
  const change = incidents.declare(input);
  const inviteCode = await shareIncident(client, sync, change.incident.id, team);
  return { ...change, inviteCode };
}

/** Registers an existing local incident with `team` and queues its events; returns its invite code. */
export async function shareIncident(client: ClientBase, sync: SyncStore, incidentId: string, team: string): Promise<string> {
  const known = sync.teamIncident(incidentId);
  if (known) return known.inviteCode;
  const incident = sync.incidentToShare(incidentId);
  if (!incident) throw new TeamAccessError(`There is no incident "${incidentId}" in this database.`);
  const inviteCode = newInviteCode();
  try {
    await client.query(
      'INSERT INTO firebreak.incidents (id, team, title, kind, severity, invite_code, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [incident.id, team, incident.title, incident.kind, incident.severity, inviteCode, incident.created_at],
    );
  } catch (error) {
    if (/row-level security/.test((error as Error).message)) {
      throw new TeamAccessError(`You are not a member of the team "${team}" on this server: an administrator adds you (see docs/team-sync.md).`);
    }
    throw error;
  }
  sync.share(incidentId, team, inviteCode);
  return inviteCode;
}

/**
 * Joins the incident an invite names: it must belong to one of your teams
 * (the server's row-level security decides). Its local copy is created, made
 * the active incident, and pulled to the end. Returns it.
 */
export async function joinByInvite(client: ClientBase, sync: SyncStore, invite: string): Promise<TeamIncident & { title: string }> {
  const code = parseInvite(invite);
  if (!code) throw new TeamAccessError(`"${invite}" is not an invite code (XXXXX-XXXXX) or a firebreak://join/ link.`);
  const found = await client.query<{ id: string; team: string; title: string; kind: 'incident' | 'drill' | 'practice'; severity: string; created_at: string }>(
    'SELECT id, team, title, kind, severity, created_at FROM firebreak.incidents WHERE invite_code = $1',
    [code],
  );
  const row = found.rows[0];
  if (!row) throw new TeamAccessError(`No incident of your teams has the invite code ${code} (a wrong code, or an incident of a team you are not on).`);
  sync.join({ id: row.id, title: row.title, kind: row.kind, severity: row.severity, createdAt: row.created_at, team: row.team, inviteCode: code });
  return { ...sync.teamIncident(row.id)!, title: row.title };
}

/** Fails with `message` (a TeamConfigError) unless the responder is a member of `team` on this server. */
export async function requireTeamMember(client: ClientBase, team: string, message = `You are not a member of the team "${team}" on this server.`): Promise<void> {
  const teams = await client.query<{ name: string }>('SELECT name FROM firebreak.teams WHERE name = $1', [team]);
  if (!teams.rows.length) throw new TeamConfigError(message);
}

/** Events on the server of these shared incidents that were written by others and not pulled yet. */
export async function countLag(client: ClientBase, incidents: readonly TeamIncident[], installId: string): Promise<number> {
  let behind = 0;
  for (const incident of incidents) {
    const result = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM firebreak.events WHERE incident_id = $1 AND pos > $2 AND author_id <> $3',
      [incident.incidentId, incident.cursor, installId],
    );
    behind += result.rows[0]!.n;
  }
  return behind;
}
