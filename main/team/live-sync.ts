import type { Client, Notification } from 'pg';
import type { TimelineEvent } from '../../shared/model/timeline';
import type { SyncStore } from '../store/sync-store';
import { requireServerSchema } from './server-schema';
import type { TeamSync } from './team-sync';

/** What the sync indicator shows. */
export interface SyncStatus {
  state: 'connecting' | 'synced' | 'pending' | 'offline';
  /** Local events the server does not have yet. */
  pending: number;
  /** UTC ISO-8601: when the server was last reachable, while offline. */
  offlineSince: string | null;
  lastSyncAt: string | null;
  /** Why it is offline, in words. */
  error: string | null;
}

/** A responder seen on an incident in the last {@link PRESENCE_WINDOW_S} seconds. */
export interface PresentResponder {
  installId: string;
  displayName: string;
  seenAt: string;
}

export const PRESENCE_WINDOW_S = 45;

export interface LiveSyncOptions {
  /** Opens a connection to the team database. */
  connect: () => Promise<Client>;
  /** Full sync this often even without notifications (the fallback when NOTIFY is lost), ms. */
  pollMs?: number;
  /** Wait before reconnecting after the server went away, ms. */
  retryMs?: number;
  /** Use LISTEN/NOTIFY (default); false: polling only. */
  listen?: boolean;
  /** This responder's name in presence. */
  displayName: string;
  /** The incident in front of the responder (presence is announced for it). */
  activeIncident?: () => string | undefined;
  onStatus?: (status: SyncStatus) => void;
  onPulled?: (events: TimelineEvent[]) => void;
  now?: () => Date;
}

/** What a team's notification channel looks like (server schema 4): checked before it is spliced into LISTEN. */
const TEAM_CHANNEL = /^firebreak_team_[0-9a-f]{32}$/;

/**
 * LISTENs on the notification channel of every team this responder is a
 * member of. The channel names are secrets the server keeps behind
 * row-level security, so the query returns only this responder's teams, and
 * no other team's pushes are heard.
 */
export async function listenToTeams(client: Client): Promise<string[]> {
  const result = await client.query<{ notify_channel: string }>('SELECT notify_channel FROM firebreak.teams ORDER BY name');
  const channels = result.rows.map((row) => row.notify_channel).filter((channel) => TEAM_CHANNEL.test(channel));
  // LISTEN takes an identifier, not a parameter; the pattern above leaves nothing to escape.
  for (const channel of channels) await client.query(`LISTEN "${channel}"`);
  return channels;
}

/**
 * Keeps one responder in sync while the app (or `firebreak serve`) runs:
 * one connection that LISTENs on its teams' channels and pulls the incident
 * a notification names; local commits are pushed as they happen (`nudge`);
 * a full sync every `pollMs` covers anything a notification missed. When
 * the server goes away, recording goes on locally, the status says offline
 * since when, and it reconnects and catches up by itself.
 */
export class LiveTeamSync {
  private client: Client | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private status: SyncStatus;
  private readonly pollMs: number;
  private readonly retryMs: number;

  constructor(
    private readonly store: SyncStore,
    private readonly sync: TeamSync,
    private readonly options: LiveSyncOptions,
  ) {
    this.pollMs = options.pollMs ?? 5000;
    this.retryMs = options.retryMs ?? 2000;
    this.status = { state: 'connecting', pending: store.pendingCount(), offlineSince: null, lastSyncAt: null, error: null };
  }

  current(): SyncStatus {
    return { ...this.status };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.queue.catch(() => undefined);
    await this.disconnect();
  }

  /** Local events were committed: push them soon. */
  nudge(): void {
    this.setStatus({ pending: this.store.pendingCount() });
    if (this.client) void this.run(async (client) => this.afterSync(await this.sync.sync(client))).catch(() => undefined);
  }

  /** Who is on `incidentId` now, as the server saw them. */
  async presence(incidentId: string): Promise<PresentResponder[]> {
    return this.run(async (client) => {
      const result = await client.query<{ install_id: string; display_name: string; seen_at: Date }>(
        `SELECT install_id, display_name, seen_at FROM firebreak.presence
         WHERE incident_id = $1 AND seen_at > now() - make_interval(secs => $2) ORDER BY display_name, install_id`,
        [incidentId, PRESENCE_WINDOW_S],
      );
      return result.rows.map((row) => ({ installId: row.install_id, displayName: row.display_name, seenAt: row.seen_at.toISOString() }));
    });
  }

  /** Runs `work` on the live connection, after whatever is already running on it. */
  private run<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      const client = this.client;
      if (!client) throw new Error('not connected to the team database');
      try {
        return await work(client);
      } catch (error) {
        await this.wentOffline(error as Error);
        throw error;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  /** Connects when needed, then a full sync and a presence refresh; reschedules itself. */
  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.client) await this.connect();
      await this.run(async (client) => {
        this.afterSync(await this.sync.sync(client));
        await this.announcePresence(client);
      });
      this.schedule(this.pollMs);
    } catch {
      this.schedule(this.retryMs);
    }
  }

  private async connect(): Promise<void> {
    let client: Client;
    try {
      client = await this.options.connect();
    } catch (error) {
      await this.wentOffline(error as Error);
      throw error;
    }
    client.on('error', (error) => void this.wentOffline(error));
    client.on('end', () => {
      if (this.client === client) void this.wentOffline(new Error('the connection to the team database closed'));
    });
    client.on('notification', (message) => this.notified(message));
    try {
      await requireServerSchema(client);
      if (this.options.listen !== false) await listenToTeams(client);
    } catch (error) {
      await client.end().catch(() => undefined);
      await this.wentOffline(error as Error);
      throw error;
    }
    if (this.stopped) {
      // stop() ran while this connection was being opened: it found none to close, so this one must not stay open.
      await client.end().catch(() => undefined);
      throw new Error('the team sync stopped');
    }
    this.client = client;
  }

  private notified(message: Notification): void {
    const incidentId = message.payload;
    if (!incidentId || !this.store.teamIncident(incidentId)) return;
    void this.run(async (client) => {
      const pulled = await this.sync.pullIncident(client, incidentId);
      this.afterSync({ pushed: 0, pulled });
    }).catch(() => undefined);
  }

  private async announcePresence(client: Client): Promise<void> {
    const incidentId = this.options.activeIncident?.();
    if (!incidentId || !this.store.teamIncident(incidentId)) return;
    await client.query(
      `INSERT INTO firebreak.presence (incident_id, install_id, display_name) VALUES ($1, $2, $3)
       ON CONFLICT (incident_id, install_id) DO UPDATE SET display_name = excluded.display_name, seen_at = now()`,
      [incidentId, this.store.installId, this.options.displayName],
    );
  }

  private afterSync(result: { pushed: number; pulled: TimelineEvent[] }): void {
    const pending = this.store.pendingCount();
    this.setStatus({ state: pending ? 'pending' : 'synced', pending, offlineSince: null, error: null, lastSyncAt: this.now() });
    if (result.pulled.length) this.options.onPulled?.(result.pulled);
  }

  private async wentOffline(error: Error): Promise<void> {
    // After stop() the record may already be closed (the app quitting): only let go of the connection.
    if (this.stopped) return this.disconnect();
    const wasOffline = this.status.state === 'offline';
    this.setStatus({
      state: 'offline',
      pending: this.store.pendingCount(),
      offlineSince: wasOffline ? this.status.offlineSince : this.now(),
      error: error.message,
    });
    await this.disconnect();
    this.schedule(this.retryMs);
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private setStatus(change: Partial<SyncStatus>): void {
    const next = { ...this.status, ...change };
    if (JSON.stringify(next) === JSON.stringify(this.status)) return;
    this.status = next;
    this.options.onStatus?.(this.current());
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }
}
