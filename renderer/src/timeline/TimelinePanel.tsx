import { useEffect, useMemo, useRef } from 'react';
import type { TimelineEvent } from '../../../shared/model/timeline';
import { useAppStore } from '../store/app-store';
import { finishesByRun, TIMELINE_FILTERS, showsUnder } from './describe-event';
import { NoteComposer } from './NoteComposer';
import { groupTimelineRows } from './group-timeline-rows';
import { ParamGroupRow } from './ParamGroupRow';
import { TimelineEventRow } from './TimelineEventRow';
import { countLabel } from './count-label';

/** How close to the bottom (px) counts as "following" the live timeline. */
const FOLLOW_SLACK_PX = 48;

/** The incident timeline as committed to SQLite, oldest first, updating live. */
export function TimelinePanel() {
  const incident = useAppStore((state) => state.incident);
  const events = useAppStore((state) => state.events);
  const starredList = useAppStore((state) => state.starred);
  const filter = useAppStore((state) => state.timelineFilter);
  const setFilter = useAppStore((state) => state.setTimelineFilter);
  const revealSeq = useAppStore((state) => state.revealSeq);
  const noteDraft = useAppStore((state) => state.noteDraft);
  const openNoteComposer = useAppStore((state) => state.openNoteComposer);
  const listRef = useRef<HTMLOListElement>(null);
  const following = useRef(true);

  const starred = useMemo(() => new Set(starredList), [starredList]);
  /** The latest text of each note, by the note event's uid: edits are new events, the note shows the newest version. */
  const noteVersions = useMemo(() => latestNoteVersions(events), [events]);
  const visible = useMemo(() => events.filter((event) => showsUnder(event, filter, starred)), [events, filter, starred]);
  const finishes = useMemo(() => finishesByRun(events), [events]);
  const rows = useMemo(
    () => groupTimelineRows(visible, (event) => starred.has(event.seq) || event.seq === revealSeq),
    [visible, starred, revealSeq],
  );

  useEffect(() => {
    const list = listRef.current;
    if (list && following.current && revealSeq === null) list.scrollTop = list.scrollHeight;
  }, [visible.length, revealSeq]);

  useEffect(() => {
    if (revealSeq === null) return;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-seq="${revealSeq}"]`);
    row?.scrollIntoView({ block: 'center' });
    row?.focus({ preventScroll: true });
  }, [revealSeq, visible]);

  return (
    <aside className="timeline" aria-label="Timeline">
      <header className="pane-header">
        <span className="pane-title">Timeline</span>
        {/* Counts the rows on screen (a step run, a folded group: one row each), so the figure matches what the eye sees. */}
        <span className="muted" data-testid="timeline-count">
          {filter === 'all' ? countLabel(rows.length, 'event') : `${rows.length} shown`}
        </span>
        <span className="spacer" />
        <button type="button" className="button small" onClick={() => openNoteComposer({ mode: 'new' })} title="Add a note (n)">
          + Note
        </button>
      </header>
      <div className="timeline-filters" role="radiogroup" aria-label="Show events">
        {TIMELINE_FILTERS.map(({ filter: option, label }) => (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={filter === option}
            className={`chip${filter === option ? ' active' : ''}`}
            onClick={() => setFilter(option)}
            title={option === 'starred' ? 'Starred events' : option === 'commands' ? 'Show hand-typed commands and sessions' : `Show ${label.toLowerCase()}`}
          >
            {label}
            {option === 'starred' && starred.size > 0 ? ` ${starred.size}` : ''}
          </button>
        ))}
      </div>
      {incident && (
        <div className="timeline-incident muted" title={incident.title}>
          {incident.title}
        </div>
      )}
      <ol
        className="timeline-list"
        data-testid="timeline"
        ref={listRef}
        onScroll={(event) => {
          const list = event.currentTarget;
          following.current = list.scrollHeight - list.scrollTop - list.clientHeight < FOLLOW_SLACK_PX;
        }}
      >
        {visible.length === 0 && (
          <li className="muted empty">
            {events.length === 0 ? 'Nothing recorded yet. Run a step or press n to add a note.' : 'No event of this kind yet.'}
          </li>
        )}
        {rows.map((row) =>
          row.type === 'params' ? (
            <ParamGroupRow key={row.events[0]!.seq} events={row.events} />
          ) : (
            <TimelineEventRow
              key={row.event.seq}
              event={row.event}
              starred={starred.has(row.event.seq)}
              revealed={row.event.seq === revealSeq}
              note={row.event.kind === 'note' ? noteVersions.get(noteKey(row.event)) : undefined}
              finish={row.event.kind === 'step.started' ? finishes.get(row.event.data.runId) : undefined}
            />
          ),
        )}
      </ol>
      {noteDraft && <NoteComposer key={noteDraft.mode === 'edit' ? noteDraft.noteId : 'new'} draft={noteDraft} />}
    </aside>
  );
}

/** A note's current text and how many times it was edited. */
export interface NoteVersion {
  text: string;
  edits: number;
}

/**
 * The latest text of each note, by the note event's global id: an edit names
 * the note it edits by uid (`editOf`), the same on every responder's
 * machine. Events without a uid (never from a schema-5 database) key by seq.
 */
function latestNoteVersions(events: TimelineEvent[]): Map<string, NoteVersion> {
  const versions = new Map<string, NoteVersion>();
  for (const event of events) {
    if (event.kind === 'note') versions.set(noteKey(event), { text: event.data.text, edits: 0 });
    if (event.kind !== 'note.edited') continue;
    const previous = versions.get(event.data.editOf);
    if (previous) versions.set(event.data.editOf, { text: event.data.text, edits: previous.edits + 1 });
  }
  return versions;
}

function noteKey(event: TimelineEvent): string {
  return event.uid ?? `seq:${event.seq}`;
}
