import type { ClientBase } from 'pg';
import { redactDeep } from '../../shared/export/redact-record';
import type { RedactionOptions } from '../../shared/redaction/find-secrets';
import type { TimelineEvent } from '../../shared/model/timeline';
import type { PendingEvent, SyncEvent, SyncStore } from '../store/sync-store';

/** Stages a push goes through for one batch; tests crash the server at each. */
export type PushStage = 'inserted' | 'committed';

export interface TeamSyncOptions {
  /** Events per push transaction. */
  batchSize?: number;
  /** At most about this much event data per push transaction (at least one event), bytes. */
  batchBytes?: number;
  /** Events per pull query. */
  pullPageSize?: number;
  /** Secret values to mask on top of the pattern detectors (redaction always runs before anything leaves). */
  redaction?: () => RedactionOptions;
  /** Called at each stage of each pushed batch (after the insert, after the commit): a seam for crash tests and progress. */
  onPushStage?: (stage: PushStage, batch: readonly PendingEvent[]) => Promise<void> | void;
  /**
   * A run's full output (where its incident shares it) is taken this long
   * after the run finished, ms: the output writer and the streaming
   * redactor may still hold its last bytes when 'step.finished' commits.
   */
  outputSettleMs?: number;
}

/** Event data per push transaction: shared full outputs (up to megabytes each) go a few at a time. */
const DEFAULT_BATCH_BYTES = 16 * 1024 * 1024;

export interface SyncResult {
  pushed: number;
  pulled: TimelineEvent[];
}

/**
 * Push and pull between one responder's SQLite and the team's PostgreSQL.
 *
 * Push: the outbox, oldest first, in batches; each batch is one transaction
 * of `INSERT … ON CONFLICT (uid) DO NOTHING`, and leaves the outbox only
 * after the server committed it. A push cut off anywhere (server killed,
 * network gone) is simply pushed again: what the server already has is
 * skipped, so nothing is lost and nothing is doubled.
 *
 * Pull: per shared incident, the events after its cursor in the server's
 * commit order, stored by global id (again idempotent) with the cursor in
 * the same SQLite transaction.
 */
export class TeamSync {
  private readonly batchSize: number;
  private readonly pullPageSize: number;

  constructor(
    private readonly store: SyncStore,
    private readonly options: TeamSyncOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pullPageSize = options.pullPageSize ?? 1000;
  }

  /** Pushes the whole outbox; returns how many events left it. */
  async push(client: ClientBase): Promise<number> {
    const finishedBy = new Date(Date.parse(this.store.events.timestamp()) - (this.options.outputSettleMs ?? 2000)).toISOString();
    this.store.shareFullOutputs(finishedBy);
    let pushed = 0;
    for (;;) {
      const batch = this.store.pending(this.batchSize, this.options.batchBytes ?? DEFAULT_BATCH_BYTES);
      if (!batch.length) return pushed;
      const redaction = this.options.redaction?.() ?? {};
      const payload = batch.map((event) => ({
        uid: event.uid,
        incident_id: event.incidentId,
        ts: event.ts,
        kind: event.kind,
        actor: event.actor,
        author_id: event.authorId,
        hlc: event.hlc,
        // What leaves the machine is always redacted, whatever the local setting.
        data: redactDeep(JSON.parse(event.data) as unknown, redaction),
      }));
      await client.query('BEGIN');
      try {
        await client.query(
          `INSERT INTO firebreak.events (uid, incident_id, ts, kind, actor, author_id, hlc, data)
           SELECT uid, incident_id, ts, kind, actor, author_id, hlc, data
           FROM json_to_recordset($1::json) AS e(uid uuid, incident_id uuid, ts text, kind text, actor text, author_id text, hlc text, data json)
           ON CONFLICT (uid) DO NOTHING`,
          [JSON.stringify(payload)],
        );
        await this.options.onPushStage?.('inserted', batch);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      await this.options.onPushStage?.('committed', batch);
      this.store.markPushed(batch.map((event) => event.seq));
      pushed += batch.length;
    }
  }

  /** Pulls every shared incident's new events from other responders; returns them as stored here. */
  async pull(client: ClientBase): Promise<TimelineEvent[]> {
    const added: TimelineEvent[] = [];
    for (const incident of this.store.teamIncidents()) added.push(...(await this.pullIncident(client, incident.incidentId)));
    return added;
  }

  /** Pulls one incident to the end. */
  async pullIncident(client: ClientBase, incidentId: string): Promise<TimelineEvent[]> {
    const added: TimelineEvent[] = [];
    for (;;) {
      const cursor = this.store.teamIncident(incidentId)?.cursor ?? 0;
      const page = await client.query<{ pos: string } & Omit<SyncRow, 'pos'>>(
        `SELECT pos, uid, incident_id, ts, kind, actor, author_id, hlc, data::text AS data
         FROM firebreak.events WHERE incident_id = $1 AND pos > $2 ORDER BY pos LIMIT $3`,
        [incidentId, cursor, this.pullPageSize],
      );
      if (!page.rows.length) return added;
      const last = Number(page.rows[page.rows.length - 1]!.pos);
      added.push(...this.store.applyPulled(incidentId, page.rows.map(toSyncEvent), last));
      if (page.rows.length < this.pullPageSize) return added;
    }
  }

  /** Push, then pull. */
  async sync(client: ClientBase): Promise<SyncResult> {
    const pushed = await this.push(client);
    const pulled = await this.pull(client);
    return { pushed, pulled };
  }
}

interface SyncRow {
  pos: string;
  uid: string;
  incident_id: string;
  ts: string;
  kind: string;
  actor: string;
  author_id: string;
  hlc: string;
  data: string;
}

function toSyncEvent(row: Omit<SyncRow, 'pos'>): SyncEvent {
  return {
    uid: row.uid,
    incidentId: row.incident_id,
    ts: row.ts,
    kind: row.kind,
    actor: row.actor,
    authorId: row.author_id,
    hlc: row.hlc,
    data: row.data,
  };
}
