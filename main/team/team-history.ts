import type { ClientBase } from 'pg';
import type { TeamIncidentSummary } from '../../shared/model/team-incident';

export type { TeamIncidentSummary };

/**
 * The incidents of the caller's teams (row-level security decides which),
 * newest first; with `query`, only those whose title or events match it
 * (PostgreSQL full-text search, web-search syntax: words, "phrases", -not).
 */
export async function searchTeamIncidents(client: ClientBase, query = '', limit = 100): Promise<TeamIncidentSummary[]> {
  const result = await client.query<{
    id: string;
    team: string;
    title: string;
    kind: string;
    severity: string;
    created_at: string;
    created_by: string;
    invite_code: string;
    events: number;
    matches: number | null;
  }>(
    `WITH q AS (SELECT CASE WHEN $1 = '' THEN NULL ELSE websearch_to_tsquery('simple', $1) END AS query)
     SELECT i.id::text, i.team, i.title, i.kind, i.severity, i.created_at, i.created_by::text, i.invite_code,
            (SELECT count(*)::int FROM firebreak.events e WHERE e.incident_id = i.id) AS events,
            CASE WHEN q.query IS NULL THEN NULL
                 ELSE (SELECT count(*)::int FROM firebreak.events e WHERE e.incident_id = i.id AND e.search @@ q.query) END AS matches
     FROM firebreak.incidents i, q
     WHERE q.query IS NULL
        OR to_tsvector('simple', i.title) @@ q.query
        OR EXISTS (SELECT 1 FROM firebreak.events e WHERE e.incident_id = i.id AND e.search @@ q.query)
     ORDER BY i.created_at DESC, i.id
     LIMIT $2`,
    [query.trim(), limit],
  );
  return result.rows.map((row) => ({
    id: row.id,
    team: row.team,
    title: row.title,
    kind: row.kind,
    severity: row.severity,
    createdAt: row.created_at,
    createdBy: row.created_by,
    inviteCode: row.invite_code,
    events: row.events,
    matches: row.matches,
  }));
}
