import { useCallback, useEffect, useRef, useState } from 'react';
import type { TeamConnection, TeamInvite } from '../../../shared/ipc/channels/team-channels';
import { call } from '../ipc/bridge';
import { RecordModal } from '../incidents/RecordModal';
import { useAppStore } from '../store/app-store';
import { describeSync } from './describe-sync';
import { useTeamSyncStatus, useTeamUi } from './team-ui';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What the last call of a form said: its failure (announced at once) or what it achieved. */
function ActionOutcome({ error, done }: { error: string | null; done: string | null }) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="form-ok" role="status">
          {done}
        </p>
      )}
    </>
  );
}

/**
 * One button's call in the panel: busy while it runs (a second press does
 * nothing), its failure in words, and what it achieved when it says so.
 */
function usePanelAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (action: () => Promise<string | void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const said = await action();
      if (said) setDone(said);
    } catch (failure) {
      setError(message(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, setError, run };
}

/**
 * Focuses `ref` once `when` turns true. autoFocus acts only on mount, and
 * the share button and join field are enabled only once the sync status has
 * arrived from main, after the panel mounted.
 */
function useFocusWhen(ref: React.RefObject<HTMLElement | null>, when: boolean): void {
  const done = useRef(false);
  useEffect(() => {
    if (!when || done.current || !ref.current) return;
    done.current = true;
    ref.current.focus();
  });
}

/** "09:41:07 UTC" for a UTC ISO-8601 instant; responders on a bridge call compare UTC times. */
function utcTime(iso: string | null): string {
  return iso ? `${iso.slice(11, 19)} UTC` : 'never';
}

/**
 * The Team panel: connect this data folder to the team's PostgreSQL (what
 * `firebreak team connect` does), see the sync state, share the incident on
 * screen (its invite code and link, to copy), and join one from a code or
 * link. Everything goes through the contract; the password goes to main
 * once and is sealed there (desktop) or is never asked for (browser host:
 * ~/.pgpass, as the CLI).
 */
export function TeamPanel() {
  const focus = useTeamUi((state) => state.open);
  const close = () => useTeamUi.getState().show(null);
  const status = useTeamSyncStatus();
  const incident = useAppStore((state) => state.incident);
  const [connection, setConnection] = useState<TeamConnection | null>(null);
  const [lag, setLag] = useState<number | null | undefined>(undefined);

  const loadConnection = useCallback(() => {
    call('team:connection', {})
      .then(setConnection)
      .catch(() => undefined);
  }, []);
  // The last pull moves with every sync: read it again when the status changes (and once on mount).
  const lastSyncAt = status?.lastSyncAt;
  useEffect(loadConnection, [loadConnection, lastSyncAt]);
  const loadLag = useCallback(() => {
    // Lag asks the server (a connection of its own): slow when it is unreachable, so it fills in after the rest.
    call('team:lag', {})
      .then(({ lag: value }) => setLag(value))
      .catch(() => setLag(null));
  }, []);
  useEffect(loadLag, [loadLag]);
  const refresh = () => {
    setLag(undefined);
    loadConnection();
    loadLag();
  };

  const connected = Boolean(status?.connected);
  const [connectionShown, setConnectionShown] = useState(focus === 'connect');
  const connectionOpen = connectionShown || (status !== null && !status.connected);
  return (
    <RecordModal label="Team" onClose={close} wide>
      <div className="record-form team-panel">
        <h2>Team</h2>
        <section aria-labelledby="team-sync-heading">
          <h3 id="team-sync-heading">Sync</h3>
          <dl className="team-facts" data-testid="team-facts">
            <dt>State</dt>
            <dd data-testid="team-state" aria-live="polite">
              {status?.connected ? describeSync(status).text : 'not connected: incidents stay on this machine'}
              {status?.state === 'offline' && status.error ? <span className="muted"> — {status.error}</span> : null}
            </dd>
            {connected && (
              <>
                <dt>Server</dt>
                <dd className="mono">{connection?.url ?? '…'}</dd>
                <dt>Pending pushes</dt>
                <dd>{status?.pending ?? 0}</dd>
                <dt>Last pull</dt>
                <dd>{utcTime(connection?.lastPullAt ?? null)}</dd>
                <dt>Lag</dt>
                <dd data-testid="team-lag">
                  {lag === undefined ? '…' : lag === null ? 'unknown (server unreachable)' : `${lag} event${lag === 1 ? '' : 's'} to pull`}{' '}
                  <button type="button" className="button small" onClick={refresh}>
                    Refresh
                  </button>
                </dd>
              </>
            )}
          </dl>
        </section>
        <ShareSection key={incident?.id ?? 'none'} connected={connected} incidentId={incident?.id ?? null} incidentTitle={incident?.title ?? null} autoFocus={focus === 'share'} />
        <JoinForm connected={connected} autoFocus={focus === 'join'} />
        {/* Once connected, the settings fold away: at 700 px the invite and the join field stay above the fold. */}
        <details className="team-connection" open={connectionOpen} onToggle={(event) => setConnectionShown(event.currentTarget.open)}>
          <summary>
            <h3 id="team-connect-heading">Connection</h3>
            {connected && <span className="muted"> server, team, your name{connection?.passwordStorage === 'keychain' ? ', password' : ''}</span>}
          </summary>
          <ConnectForm
            connection={connection}
            autoFocus={focus === 'connect'}
            onConnected={(next) => {
              setConnection(next);
              refresh();
            }}
          />
        </details>
        <div className="modal-actions">
          <span className="muted">
            See docs/team-sync.md: what leaves the machine (redacted events of shared incidents only) and how the team database is set up.
          </span>
          <span className="spacer" />
          <button type="button" className="button" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </RecordModal>
  );
}

function ConnectForm({ connection, autoFocus, onConnected }: { connection: TeamConnection | null; autoFocus: boolean; onConnected(next: TeamConnection): void }) {
  const [url, setUrl] = useState('');
  const [team, setTeam] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, done, run } = usePanelAction();
  const filled = useRef(false);
  // Prefilled once with what is stored, so reconnecting (a new password, another name) is a small edit.
  useEffect(() => {
    if (!connection || filled.current) return;
    filled.current = true;
    setUrl((value) => value || connection.url || '');
    setTeam((value) => value || connection.team || '');
    setDisplayName((value) => value || connection.displayName);
  }, [connection]);

  const keychain = connection?.passwordStorage === 'keychain';
  const submit = async () => {
    if (!url.trim() || !team.trim()) return;
    await run(async () => {
      const next = await call('team:connect', {
        url: url.trim(),
        team: team.trim(),
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        ...(keychain && password ? { password } : {}),
      });
      setPassword('');
      onConnected(next);
      return `Connected to team "${next.team ?? team}" as ${next.displayName}.`;
    });
  };

  return (
    <form
      className="team-connect"
      aria-labelledby="team-connect-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {connection?.fromEnvironment && (
        <p className="muted">FIREBREAK_DATABASE_URL / FIREBREAK_TEAM are set for this app: they win over what is saved here.</p>
      )}
      <label className="field">
        <span>PostgreSQL URL</span>
        <input
          autoFocus={autoFocus}
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          placeholder="postgres://ana@db.example.com:5432/firebreak"
          spellCheck={false}
          autoComplete="off"
          maxLength={2000}
        />
      </label>
      <div className="field-row">
        <label className="field">
          <span>Team</span>
          <input value={team} onChange={(event) => setTeam(event.target.value)} placeholder="payments-sre" autoComplete="off" maxLength={200} />
        </label>
        <label className="field">
          <span>Your name on the shared timeline</span>
          <input value={displayName} onChange={(event) => setDisplayName(event.target.value)} placeholder="Ana (DB)" autoComplete="off" maxLength={200} />
        </label>
      </div>
      {keychain ? (
        <label className="field">
          <span>Password {connection?.passwordStored ? '(one is kept; type to replace it)' : ''}</span>
          <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="off" maxLength={1000} />
        </label>
      ) : (
        <p className="muted" data-testid="team-password-note">
          This host keeps no passwords (no OS keychain in the browser): put yours in <code>~/.pgpass</code> (or the file <code>PGPASSFILE</code> names, mode
          0600), as psql reads it — <code>host:port:database:user:password</code>.
        </p>
      )}
      <p className="muted">Never put the password in the URL: it would be stored in clear, and Firebreak refuses it.</p>
      <ActionOutcome error={error} done={done} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy || !url.trim() || !team.trim()}>
          {busy ? 'Connecting…' : connection?.url ? 'Save and reconnect' : 'Connect'}
        </button>
      </div>
    </form>
  );
}

function ShareSection({ connected, incidentId, incidentTitle, autoFocus }: { connected: boolean; incidentId: string | null; incidentTitle: string | null; autoFocus: boolean }) {
  const [invite, setInvite] = useState<TeamInvite | null>(null);
  const { busy, error, run } = usePanelAction();
  // Keyed by the incident (below): another incident on screen starts this section afresh.
  useEffect(() => {
    if (!incidentId) return;
    let live = true;
    call('team:invite', { incidentId })
      .then((value) => live && setInvite(value))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [incidentId]);

  const shareButton = useRef<HTMLButtonElement>(null);
  useFocusWhen(shareButton, autoFocus && connected && incidentId !== null && invite === null);
  const share = async () => {
    if (!incidentId) return;
    await run(async () => setInvite(await call('team:share', { incidentId })));
  };

  return (
    <section aria-labelledby="team-share-heading" className="team-share">
      <h3 id="team-share-heading">
        This incident <span className="muted">{incidentTitle ?? 'none open'}</span>
      </h3>
      {invite ? (
        <>
          <p className="muted">Shared with the team. Others join with the code or the link:</p>
          <CopyField label="Invite code" value={invite.inviteCode} testId="invite-code" autoFocus={autoFocus} />
          <CopyField label="Invite link" value={invite.inviteLink} testId="invite-link" />
        </>
      ) : (
        <div className="form-actions">
          <span className="muted">{connected ? 'Only this machine has it so far.' : 'Connect to a team first to share it.'}</span>
          <button type="button" ref={shareButton} className="button primary" disabled={!connected || !incidentId || busy} onClick={() => void share()}>
            {busy ? 'Sharing…' : 'Share with the team'}
          </button>
        </div>
      )}
      <ActionOutcome error={error} done={null} />
      {incidentId && <OutputSharingToggle incidentId={incidentId} shared={invite !== null} />}
    </section>
  );
}

/** "5 MiB", "512 KiB", "800 bytes": the cap as the responder set it (`firebreak team share-output` takes the same forms). */
function formatCap(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/**
 * Full terminal output for the team, per incident (off by default: only each
 * run's head and tail leave the machine). Shows the setting in force, read
 * from the record, so a teammate's change (an 'output.sharing' event) shows
 * the next time the panel opens.
 */
function OutputSharingToggle({ incidentId, shared }: { incidentId: string; shared: boolean }) {
  const [sharing, setSharing] = useState<{ enabled: boolean; capBytes: number } | null>(null);
  const { busy, error, setError, run } = usePanelAction();
  useEffect(() => {
    let live = true;
    call('team:output-sharing', { incidentId })
      .then((value) => live && setSharing(value))
      .catch((failure: unknown) => live && setError(message(failure)));
    return () => {
      live = false;
    };
  }, [incidentId, setError]);
  const change = (enabled: boolean) => run(async () => setSharing(await call('team:share-output', { incidentId, enabled })));
  const cap = sharing ? formatCap(sharing.capBytes) : '…';
  return (
    <div className="team-output-sharing">
      <label className="check">
        <input
          type="checkbox"
          data-testid="share-output"
          checked={sharing?.enabled ?? false}
          disabled={sharing === null || busy}
          onChange={(event) => void change(event.currentTarget.checked)}
          aria-describedby="share-output-note"
        />
        <span>Share full terminal output (up to {cap} per run)</span>
      </label>
      <p className="muted" id="share-output-note">
        {sharing?.enabled
          ? `Each run's whole output goes to the team, redacted, cut at ${cap}.`
          : "Off: only each run's head and tail go to the team, redacted."}
        {shared ? '' : ' It applies once the incident is shared.'}
      </p>
      <ActionOutcome error={error} done={null} />
    </div>
  );
}

/** A read-only field with a Copy button; where the clipboard is refused, the text is selected for Ctrl+C. */
function CopyField({ label, value, testId, autoFocus }: { label: string; value: string; testId: string; autoFocus?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      input.current?.select();
      useAppStore.getState().notify('The clipboard is not available here: the text is selected, press Ctrl+C.', 'info');
    }
  };
  return (
    <div className="copy-field">
      <label className="field">
        <span>{label}</span>
        <input ref={input} readOnly value={value} data-testid={testId} className="mono" onFocus={(event) => event.currentTarget.select()} />
      </label>
      <button type="button" className="button" onClick={() => void copy()} aria-label={`Copy ${label.toLowerCase()}`} autoFocus={autoFocus}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

function JoinForm({ connected, autoFocus }: { connected: boolean; autoFocus: boolean }) {
  const prefill = useTeamUi((state) => state.prefill);
  const [invite, setInvite] = useState(prefill?.invite ?? '');
  // An invite link that arrives while the panel is open fills the field too (set while rendering, React's
  // pattern for state that follows a prop); it is never joined until Join is pressed.
  const [filledFrom, setFilledFrom] = useState(prefill?.seq ?? 0);
  if (prefill && prefill.seq !== filledFrom) {
    setFilledFrom(prefill.seq);
    setInvite(prefill.invite);
  }
  const { busy, error, done, run } = usePanelAction();
  const field = useRef<HTMLInputElement>(null);
  useFocusWhen(field, autoFocus && connected);
  const submit = async () => {
    if (!invite.trim()) return;
    await run(async () => {
      const joined = await call('team:join', { invite: invite.trim() });
      // The joined incident is the active one now: the top bar and the timeline follow.
      await useAppStore.getState().loadTimeline();
      setInvite('');
      // Joined: the invite that filled the field is done with.
      useTeamUi.setState({ prefill: null });
      return `Joined "${joined.title}": ${joined.pulled} event${joined.pulled === 1 ? '' : 's'} pulled. It is the active incident; what you run is recorded into it.`;
    });
  };
  return (
    <form
      className="team-join"
      aria-labelledby="team-join-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 id="team-join-heading">Join an incident</h3>
      <div className="join-row">
        <label className="field">
          <span>Invite code or link</span>
          <input
            ref={field}
            value={invite}
            onChange={(event) => setInvite(event.target.value)}
            placeholder="XXXXX-XXXXX or firebreak://join/XXXXX-XXXXX"
            spellCheck={false}
            autoComplete="off"
            maxLength={500}
            disabled={!connected}
          />
        </label>
        <button type="submit" className="button primary" disabled={!connected || busy || !invite.trim()}>
          {busy ? 'Joining…' : 'Join'}
        </button>
      </div>
      {prefill && invite === prefill.invite && !done && (
        <p className="muted" data-testid="join-prefilled">
          {connected ? 'From an invite link: press Join to join this incident.' : 'From an invite link: connect to the team (below) first, then press Join.'}
        </p>
      )}
      <ActionOutcome error={error} done={done} />
    </form>
  );
}
