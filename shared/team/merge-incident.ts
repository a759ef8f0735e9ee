/**
 * The fields of a shared incident, merged from its events the same way on
 * every responder: each field takes the value of its last write in hybrid
 * logical clock order (ties: the event's global id), so responders who have
 * the same events hold the same incident, whatever order the events arrived
 * in. The history stays in the events.
 *
 * Postmortem fields never lose a concurrent edit: a write that did not see
 * the value it replaced (its `from` is not what the field held) is
 * concurrent with that value, and the replaced value is kept next to the
 * winner — text appended under a marker naming its author, list items and
 * lessons added when missing.
 */

/** An event as the merge needs it. */
export interface MergeEvent {
  uid: string;
  hlc: string;
  kind: string;
  actor: string;
  ts: string;
  data: unknown;
}

export interface MergedIncidentFields {
  title?: string;
  severity?: string;
  status?: string;
  services?: unknown;
  commander?: unknown;
  communicationsLead?: unknown;
  responders?: unknown;
  keyMoments: Record<string, string | null>;
  postmortem: Record<string, unknown>;
  /** Concurrent postmortem edits that were kept side by side, oldest first. */
  conflicts: { field: string; keptFrom: string; keptAt: string; winner: string }[];
}

interface Write {
  field: string;
  from: unknown;
  to: unknown;
  hasFrom: boolean;
  event: MergeEvent;
}

const ROLE_FIELDS = new Set(['commander', 'communicationsLead', 'responders']);

function writesOf(event: MergeEvent): Write[] {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const write = (field: string, to: unknown, from?: unknown, hasFrom = from !== undefined): Write => ({ field, to, from, hasFrom, event });
  switch (event.kind) {
    case 'incident.declared':
      return ['title', 'severity', 'services', 'commander', 'communicationsLead', 'responders']
        .filter((field) => field in data)
        .map((field) => write(field, data[field]));
    case 'incident.updated': {
      const changes = (data.changes ?? {}) as Record<string, { from?: unknown; to?: unknown }>;
      return Object.entries(changes).map(([field, change]) => write(field, change.to, change.from, 'from' in change));
    }
    case 'status.changed':
      return [write('status', data.to, data.from)];
    case 'role.changed':
      return typeof data.role === 'string' && ROLE_FIELDS.has(data.role) ? [write(data.role, data.to, data.from)] : [];
    case 'moment.set':
      return typeof data.moment === 'string' ? [write(`keyMoments.${data.moment}`, data.to ?? null, data.from)] : [];
    default:
      return [];
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** `winner` with what only `loser` held added: text under a marker, missing list items, per key for objects. */
export function keepBoth(winner: unknown, loser: unknown, marker: string): unknown {
  if (loser === null || loser === undefined || same(winner, loser)) return winner;
  if (winner === null || winner === undefined) return loser;
  if (typeof winner === 'string' && typeof loser === 'string') {
    if (winner.includes(loser)) return winner;
    return `${winner}\n\n${marker}\n${loser}`;
  }
  if (Array.isArray(winner) && Array.isArray(loser)) {
    const key = (item: unknown) => (item && typeof item === 'object' && 'id' in item ? `id:${String((item as { id: unknown }).id)}` : JSON.stringify(item));
    const seen = new Set(winner.map(key));
    return [...winner, ...loser.filter((item) => !seen.has(key(item)))];
  }
  if (winner && loser && typeof winner === 'object' && typeof loser === 'object' && !Array.isArray(winner) && !Array.isArray(loser)) {
    const out: Record<string, unknown> = { ...(winner as Record<string, unknown>) };
    for (const [k, v] of Object.entries(loser as Record<string, unknown>)) out[k] = keepBoth(out[k], v, marker);
    return out;
  }
  return winner;
}

/** Merges an incident's fields from all its events (any order in, one answer out). */
export function mergeIncidentFields(events: readonly MergeEvent[]): MergedIncidentFields {
  const ordered = [...events].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  const values = new Map<string, { value: unknown; event: MergeEvent }>();
  const conflicts: MergedIncidentFields['conflicts'] = [];
  for (const event of ordered) {
    for (const write of writesOf(event)) {
      const current = values.get(write.field);
      let value = write.to;
      if (write.field.startsWith('postmortem.') && current && write.hasFrom && !same(write.from, current.value)) {
        // This edit did not see the value it replaces: keep that one too.
        const marker = `[Concurrent edit by ${current.event.actor} at ${current.event.ts}, kept:]`;
        value = keepBoth(write.to, current.value, marker);
        if (!same(value, write.to)) conflicts.push({ field: write.field, keptFrom: current.event.actor, keptAt: current.event.ts, winner: event.actor });
      }
      values.set(write.field, { value, event });
    }
  }
  const merged: MergedIncidentFields = { keyMoments: {}, postmortem: {}, conflicts };
  for (const [field, { value }] of values) {
    if (field.startsWith('keyMoments.')) merged.keyMoments[field.slice('keyMoments.'.length)] = (value as string | null) ?? null;
    else if (field.startsWith('postmortem.')) merged.postmortem[field.slice('postmortem.'.length)] = value;
    else (merged as unknown as Record<string, unknown>)[field] = value;
  }
  return merged;
}
