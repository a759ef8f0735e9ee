import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { RecordModal } from '../incidents/RecordModal';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import { useTeamSyncStatus, useTeamUi } from '../team/team-ui';
import { openSearchHit } from './open-search-hit';

type SearchHit = ResponseOf<'search:query'>[number];
type TeamIncident = NonNullable<ResponseOf<'team:search'>>[number];

/** Waits this long after the last keystroke before querying (FTS5 is fast; this only spares the socket). */
const QUERY_DEBOUNCE_MS = 150;

/** "When did we last see this error, or run this command?" — full-text search over every incident's record. */
export function SearchDialog() {
  const close = () => useAppStore.getState().openRecordDialog(null);
  const [text, setText] = useState('');
  const [realOnly, setRealOnly] = useState(false);
  const [results, setHits] = useState<SearchHit[] | null>(null);
  // Results of an earlier query are not shown once the field is empty.
  const hits = text.trim() ? results : null;
  const [cursor, setCursor] = useState(0);

  useEffect(() => {
    const query = text.trim();
    if (!query) return;
    let current = true;
    const timer = setTimeout(() => {
      call('search:query', { text: query, realIncidentsOnly: realOnly, limit: 100 })
        .then((result) => {
          if (!current) return;
          setHits(result);
          setCursor(0);
        })
        .catch((error: unknown) => useAppStore.getState().reportError(error));
    }, QUERY_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, realOnly]);

  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    close();
    void openSearchHit(hit);
  };

  return (
    <RecordModal label="Search the record" onClose={close} wide>
      <div
        onKeyDown={(event) => {
          const count = hits?.length ?? 0;
          if (event.key === 'ArrowDown') setCursor((c) => Math.min(count - 1, c + 1));
          else if (event.key === 'ArrowUp') setCursor((c) => Math.max(0, c - 1));
          else if (event.key === 'Enter') choose(hits?.[cursor]);
          else return;
          event.preventDefault();
        }}
      >
        <div className="search-bar">
          <input
            autoFocus
            className="palette-input search-input"
            placeholder="Search commands, output and notes of every incident"
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-label="Search text"
          />
          <label className="check">
            <input type="checkbox" checked={realOnly} onChange={(event) => setRealOnly(event.target.checked)} /> Real incidents only
          </label>
        </div>
        <ul className="search-results" role="listbox" aria-label="Search results" data-testid="search-results">
          {hits === null && <li className="muted empty">Type to search. Drills are included unless you tick “real incidents only”.</li>}
          {hits?.length === 0 && <li className="muted empty">Nothing in the record matches.</li>}
          {hits?.map((hit, index) => (
            <li
              key={`${hit.source}:${hit.sessionId ?? ''}:${hit.ref}`}
              role="option"
              aria-selected={index === cursor}
              className={`search-hit${index === cursor ? ' cursor' : ''}`}
              onMouseEnter={() => setCursor(index)}
              onClick={() => choose(hit)}
            >
              <div className="search-hit-meta">
                {hit.incidentKind && <span className={`badge kind-${hit.incidentKind}`}>{hit.incidentKind}</span>}
                <span className="search-hit-incident">{hit.incidentTitle ?? 'unknown incident'}</span>
                <span className="muted">{hit.source === 'output' ? 'output' : (hit.eventKind ?? 'event')}</span>
                <span className="spacer" />
                <span className="muted mono">{hit.ts ? `${hit.ts.slice(0, 10)} ${hit.ts.slice(11, 19)}Z` : ''}</span>
              </div>
              <div className="search-snippet mono">
                {hit.snippet.map((part, partIndex) => (part.match ? <mark key={partIndex}>{part.text}</mark> : <span key={partIndex}>{part.text}</span>))}
              </div>
            </li>
          ))}
        </ul>
        <TeamSearchResults text={text.trim()} onJoin={close} />
        <p className="muted dialog-note">↑↓ to choose · Enter switches to that incident and shows the event · Esc to close</p>
      </div>
    </RecordModal>
  );
}

/**
 * The team's incidents that match, from the team server (as `firebreak
 * incidents --team`), when a team is connected: the rotation's history,
 * not only what this machine recorded. Choosing one opens the Team panel
 * with its invite in Join; joining stays the responder's press.
 */
function TeamSearchResults({ text, onJoin }: { text: string; onJoin: () => void }) {
  const status = useTeamSyncStatus();
  const connected = status?.connected === true;
  const [found, setFound] = useState<{ text: string; incidents: TeamIncident[] | null } | null>(null);
  useEffect(() => {
    if (!connected || !text) return;
    let current = true;
    const timer = setTimeout(() => {
      call('team:search', { text })
        .then((incidents) => current && setFound({ text, incidents }))
        .catch(() => current && setFound({ text, incidents: null }));
    }, QUERY_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [connected, text]);
  if (!connected || !text || !found || found.text !== text) return null;
  return (
    <section className="team-search" aria-label="The team's incidents" data-testid="team-search">
      <h3>
        On the team server <span className="muted">{status?.team ?? ''}</span>
      </h3>
      {found.incidents === null && <p className="muted">The team server cannot be reached now; only this machine's record is searched.</p>}
      {found.incidents?.length === 0 && <p className="muted">No team incident matches.</p>}
      {found.incidents && found.incidents.length > 0 && (
        <ul className="team-search-results">
          {found.incidents.map((incident) => (
            <li key={incident.id}>
              <button
                type="button"
                className="team-search-hit"
                onClick={() => {
                  onJoin();
                  useTeamUi.getState().openInvite(incident.inviteCode);
                }}
              >
                <span className="badge">{incident.severity}</span>
                <span className="search-hit-incident">{incident.title}</span>
                <span className="muted">
                  by {incident.createdBy} · {incident.createdAt.slice(0, 10)}
                  {incident.matches !== null ? ` · ${incident.matches} matching event${incident.matches === 1 ? '' : 's'}` : ''}
                </span>
                <span className="spacer" />
                <span className="muted">Join…</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
