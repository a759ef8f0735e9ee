import type { Client } from 'pg';
import type { TeamConnection, TeamInvite } from '../../shared/model/team-connection';
import { NotFound } from '../../shared/model/domain-errors';
import type { TeamSyncStatus } from '../../shared/model/team-sync-status';
import type { OutputSharing } from '../../shared/team/output-sharing';
import type { SettingsStore } from '../settings/settings-store';
import type { EventStore } from '../store/event-store';
import { SyncStore } from '../store/sync-store';
import type { EventHub } from '../services/event-hub';
import type { TimelineRecorder } from '../services/timeline-recorder';
import { inviteLink } from './invite';
import { LiveTeamSync, type PresentResponder } from './live-sync';
import {
  checkStorableUrl,
  connectTeam,
  describeUrl,
  readDisplayName,
  readTeamSettings,
  TeamConfigError,
  withTeamClient,
  writeTeamSettings,
  type TeamClientOptions,
} from './team-connection';
import { searchTeamIncidents, type TeamIncidentSummary } from './team-history';
import { countLag, joinByInvite, requireTeamMember, shareIncident } from './team-incidents';
import { TeamSync } from './team-sync';

export interface TeamServiceOptions {
  settings: SettingsStore;
  events: EventStore;
  recorder: TimelineRecorder;
  hub: EventHub;
  /** The password when the URL has none: the app's keychain (Electron safeStorage); else .pgpass is read. */
  password?: () => Promise<string | undefined>;
  /** Seals a password with the OS keychain (the desktop app); absent where the host cannot keep one (.pgpass then). */
  savePassword?: (password: string) => void | Promise<void>;
  log: (message: string) => void;
  pollMs?: number;
  retryMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** What the Team panel sends to connect. */
export interface TeamConnectInput {
  url: string;
  team: string;
  displayName?: string | undefined;
  password?: string | undefined;
}

/**
 * The team's record inside the app: when the data folder is connected to a
 * team (the Team panel, firebreak team connect, or FIREBREAK_DATABASE_URL),
 * a live sync runs for the app's life. Local commits of shared incidents are
 * pushed as they happen; events pulled from other responders are announced
 * like local ones (the timeline shows them, with their authors, as they
 * arrive); the sync status goes to the indicator as 'team:status'.
 */
export class TeamService {
  private live: LiveTeamSync | null = null;
  private readonly store: SyncStore;
  private readonly sync: TeamSync;
  private url: string | null = null;
  private team: string | null = null;
  private readonly unsubscribe: () => void;
  private stopped = false;
  /**
   * Whether the keychain holds a password: asked of it once (in the desktop
   * app a round trip to Electron main that decrypts), then kept up to date
   * here as passwords are saved, so the Team panel's refreshes do not ask again.
   */
  private passwordStored: Promise<boolean> | null = null;

  constructor(private readonly options: TeamServiceOptions) {
    this.store = new SyncStore(options.events);
    this.sync = new TeamSync(this.store);
    this.unsubscribe = options.recorder.onCommitted((event) => {
      // A local commit to a shared incident goes out at once (pulled events are announced too; they queue nothing).
      if (this.store.teamIncident(event.incidentId) && this.store.pendingCount() > 0) this.live?.nudge();
    });
    this.startLive();
  }

  status(): TeamSyncStatus {
    const current = this.live?.current();
    return {
      connected: this.live !== null,
      team: this.team,
      state: current?.state ?? 'synced',
      pending: current?.pending ?? 0,
      offlineSince: current?.offlineSince ?? null,
      lastSyncAt: current?.lastSyncAt ?? null,
      error: current?.error ?? null,
    };
  }

  /** The incident's output sharing in force: off with the default cap until someone turns it on. */
  outputSharing(incidentId: string): OutputSharing {
    return this.store.outputSharing(incidentId);
  }

  /**
   * Shares an incident's full terminal output with the team, or stops
   * (recorded as 'output.sharing', so every responder sees who turned it on).
   * Without a cap, the one in force stays (default 5 MiB).
   */
  setOutputSharing(incidentId: string, enabled: boolean, capBytes?: number): OutputSharing {
    if (!this.options.events.getIncident(incidentId)) throw new NotFound(`There is no incident "${incidentId}".`);
    const sharing = { enabled, capBytes: capBytes ?? this.store.outputSharing(incidentId).capBytes };
    this.options.recorder.record(incidentId, 'output.sharing', sharing);
    return sharing;
  }

  async connection(): Promise<TeamConnection> {
    const env = this.options.env ?? process.env;
    const incidents = this.store.teamIncidents();
    return {
      url: this.url ? describeUrl(this.url) : null,
      team: this.team,
      displayName: this.options.events.actor,
      fromEnvironment: Boolean(env.FIREBREAK_DATABASE_URL || env.FIREBREAK_TEAM),
      passwordStorage: this.options.savePassword ? 'keychain' : 'pgpass',
      passwordStored: await this.hasStoredPassword(),
      sharedIncidents: incidents.length,
      lastPullAt: this.store.lastPullAt(incidents),
    };
  }

  /**
   * Connects this data folder to a team, as `firebreak team connect` does:
   * the URL must hold no password; the server must be reachable with the
   * password given (else the stored one, else .pgpass), have a schema this
   * version knows, and list `team` among the responder's teams. Only then is
   * anything stored, and the live sync restarted on the new settings.
   */
  async connect(input: TeamConnectInput): Promise<void> {
    checkStorableUrl(input.url);
    if (input.password !== undefined && !this.options.savePassword) {
      throw new TeamConfigError('This host cannot keep a password (no OS keychain in the browser host): leave it empty and put it in ~/.pgpass (or the file PGPASSFILE names), mode 0600.');
    }
    const typed = input.password;
    await this.withClient(
      input.url,
      (client) => requireTeamMember(client, input.team, `You are not a member of the team "${input.team}" on this server: an administrator adds you (docs/team-sync.md).`),
      typed,
    );
    if (typed !== undefined) await this.savePassword(typed);
    const displayName = input.displayName?.trim();
    writeTeamSettings(this.options.settings, { url: input.url, team: input.team, ...(displayName ? { displayName } : {}) });
    if (displayName) this.options.events.setActor(displayName);
    await this.restartLive();
  }

  /**
   * Keeps the password in the keychain, where there is one (the Team panel's
   * set-password, or connect with one typed), and remembers that it is there.
   * Awaited: in the app the keychain is in another process (Electron main),
   * and its refusal must reach the caller.
   */
  async savePassword(password: string): Promise<void> {
    if (!this.options.savePassword) return;
    await this.options.savePassword(password);
    this.passwordStored = Promise.resolve(true);
  }

  /** Shares a local incident with the team (declare-then-share, as `firebreak team share` does) and pushes it. */
  async share(incidentId: string): Promise<TeamInvite> {
    const { url, team } = this.requireConnected();
    const inviteCode = await this.withClient(url, async (client) => {
      const code = await shareIncident(client, this.store, incidentId, team);
      await this.sync.push(client);
      return code;
    });
    this.live?.nudge();
    return { inviteCode, inviteLink: inviteLink(inviteCode) };
  }

  invite(incidentId: string): TeamInvite | null {
    const shared = this.store.teamIncident(incidentId);
    return shared ? { inviteCode: shared.inviteCode, inviteLink: inviteLink(shared.inviteCode) } : null;
  }

  /** Joins by code or link, pulls the whole timeline and makes the incident the active one. */
  async join(invite: string): Promise<{ incidentId: string; title: string; pulled: number }> {
    const { url } = this.requireConnected();
    const joined = await this.withClient(url, async (client) => {
      const incident = await joinByInvite(client, this.store, invite);
      const pulled = await this.sync.pullIncident(client, incident.incidentId);
      return { incidentId: incident.incidentId, title: incident.title, pulled: pulled.length };
    });
    // Presence and the indicator follow the new active incident at once, not at the next poll.
    this.live?.nudge();
    return joined;
  }

  /** Events on the server that this responder has not pulled yet (as `team status` counts them); null when unreachable. */
  async lag(): Promise<number | null> {
    if (!this.url || !this.team) return null;
    const incidents = this.store.teamIncidents();
    if (!incidents.length) return 0;
    try {
      return await this.withClient(this.url, (client) => countLag(client, incidents, this.store.installId));
    } catch {
      return null;
    }
  }

  /** The team's incidents matching `text` (all of them, newest first, when empty); null when not connected or unreachable. */
  async searchIncidents(text: string, limit = 20): Promise<TeamIncidentSummary[] | null> {
    if (!this.url || !this.team) return null;
    try {
      return await this.withClient(this.url, (client) => searchTeamIncidents(client, text.trim(), limit));
    } catch {
      return null;
    }
  }

  async presence(incidentId: string): Promise<PresentResponder[]> {
    if (!this.live || !this.store.teamIncident(incidentId)) return [];
    return this.live.presence(incidentId).catch(() => []);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    await this.live?.stop();
  }

  /** Asked of the keychain only to say whether one is there (once; see passwordStored); the password itself never leaves main. */
  private hasStoredPassword(): Promise<boolean> {
    if (!this.options.savePassword) return Promise.resolve(false);
    const read = this.options.password;
    this.passwordStored ??= read ? read().then((password) => password !== undefined, () => false) : Promise.resolve(false);
    return this.passwordStored;
  }

  private requireConnected(): { url: string; team: string } {
    if (!this.url || !this.team) throw new TeamConfigError('This data folder is not connected to a team yet: connect in the Team panel first.');
    return { url: this.url, team: this.team };
  }

  /**
   * A connection of its own for one piece of work (the live sync's one stays
   * free for pushes and notifications); closed after, with the password typed
   * (else the stored one, else .pgpass).
   */
  private withClient<T>(url: string, work: (client: Client) => Promise<T>, password?: string): Promise<T> {
    const stored = this.options.password;
    const passwordSource = password !== undefined ? async () => password : stored;
    const options: TeamClientOptions = { warn: (message) => this.options.log(`firebreak: ${message}`), ...(passwordSource ? { password: passwordSource } : {}) };
    return withTeamClient(url, work, options);
  }

  private startLive(): void {
    const { url, team } = readTeamSettings(this.options.settings, this.options.env);
    this.url = url ?? null;
    this.team = team ?? null;
    if (!url || !team || this.stopped) {
      this.live = null;
      return;
    }
    const options = this.options;
    this.live = new LiveTeamSync(this.store, this.sync, {
      connect: () => connectTeam(url, { ...(options.password ? { password: options.password } : {}), warn: (message) => options.log(`firebreak: ${message}`) }),
      displayName: readDisplayName(options.settings) ?? options.events.actor,
      activeIncident: () => options.events.activeIncidentId(),
      onStatus: () => options.hub.emit('team:status', this.status()),
      onPulled: (events) => {
        for (const event of events) options.recorder.announce(event);
      },
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
    });
    this.live.start();
  }

  /** New settings: the old live sync ends (its connection closed) before one on the new settings starts. */
  private async restartLive(): Promise<void> {
    const previous = this.live;
    this.live = null;
    await previous?.stop();
    this.startLive();
    this.options.hub.emit('team:status', this.status());
  }
}
