import { NotFound } from '../../shared/model/domain-errors';
import type { TeamSyncStatus } from '../../shared/model/team-sync-status';
import type { OutputSharing } from '../../shared/team/output-sharing';
import type { SettingsStore } from '../settings/settings-store';
import type { EventStore } from '../store/event-store';
import { SyncStore } from '../store/sync-store';
import type { EventHub } from '../services/event-hub';
import type { TimelineRecorder } from '../services/timeline-recorder';
import { LiveTeamSync, type PresentResponder } from './live-sync';
import { connectTeam, readDisplayName, readTeamSettings } from './team-connection';
import { TeamSync } from './team-sync';

export interface TeamServiceOptions {
  settings: SettingsStore;
  events: EventStore;
  recorder: TimelineRecorder;
  hub: EventHub;
  /** The password when the URL has none: the app's keychain (Electron safeStorage); else .pgpass is read. */
  password?: () => Promise<string | undefined>;
  log: (message: string) => void;
  pollMs?: number;
  retryMs?: number;
}

/**
 * The team's record inside the app: when the data folder is connected to a
 * team (firebreak team connect, or FIREBREAK_DATABASE_URL), a live sync runs
 * for the app's life. Local commits of shared incidents are pushed as they
 * happen; events pulled from other responders are announced like local ones
 * (the timeline shows them, with their authors, as they arrive); the sync
 * status goes to the indicator as 'team:status'.
 */
export class TeamService {
  private readonly live: LiveTeamSync | null;
  private readonly store: SyncStore;
  private readonly team: string | null;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: TeamServiceOptions) {
    this.store = new SyncStore(options.events);
    const { url, team } = readTeamSettings(options.settings);
    this.team = team ?? null;
    if (!url || !team) {
      this.live = null;
      this.unsubscribe = () => {};
      return;
    }
    this.live = new LiveTeamSync(this.store, new TeamSync(this.store), {
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
    this.unsubscribe = options.recorder.onCommitted((event) => {
      // A local commit to a shared incident goes out at once (pulled events are announced too; they queue nothing).
      if (this.store.teamIncident(event.incidentId) && this.store.pendingCount() > 0) this.live?.nudge();
    });
    this.live.start();
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

  async presence(incidentId: string): Promise<PresentResponder[]> {
    if (!this.live || !this.store.teamIncident(incidentId)) return [];
    return this.live.presence(incidentId).catch(() => []);
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await this.live?.stop();
  }
}
