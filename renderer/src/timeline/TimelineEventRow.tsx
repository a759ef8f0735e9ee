import { memo, useMemo } from 'react';
import type { TimelineEvent } from '../../../shared/model/timeline';
import { utcClock } from '../incidents/format-duration';
import { useAppStore } from '../store/app-store';
import { describeRow, outputOf, type StepFinish } from './describe-event';
import { AlertDetails } from './AlertDetails';
import { renderNoteMarkdown } from './render-note';
import type { NoteVersion } from './TimelinePanel';

interface TimelineEventRowProps {
  event: TimelineEvent;
  starred: boolean;
  revealed: boolean;
  /** For a note: its latest version. */
  note: NoteVersion | undefined;
  /** For a step run's row: how the run ended, once it has. */
  finish?: StepFinish | undefined;
}

/**
 * One committed event. Focusable: `*` stars it, Enter or `o` opens its
 * terminal output, `e` edits a note (handled here; the global keys skip rows).
 */
export const TimelineEventRow = memo(function TimelineEventRow({ event, starred, revealed, note, finish }: TimelineEventRowProps) {
  const toggleStar = useAppStore((state) => state.toggleStar);
  const openOutput = useAppStore((state) => state.openOutput);
  const openNoteComposer = useAppStore((state) => state.openNoteComposer);
  const output = outputOf(event);
  const noteHtml = useMemo(() => (note ? renderNoteMarkdown(note.text) : null), [note]);
  const row = describeRow(event, finish);
  const title = event.kind === 'step.started' ? event.data.title : row.text;

  const showOutput = () => output && openOutput({ title, ...output });
  const editNote = () => note && event.kind === 'note' && openNoteComposer({ mode: 'edit', noteId: event.data.noteId, text: note.text });

  return (
    <li
      className={`timeline-event kind-${event.kind.replace('.', '-')}${starred ? ' starred' : ''}${revealed ? ' revealed' : ''}`}
      data-kind={event.kind}
      data-tone={row.tone}
      data-seq={event.seq}
      data-timeline-row=""
      tabIndex={0}
      onKeyDown={(keyEvent) => {
        if (keyEvent.target !== keyEvent.currentTarget || keyEvent.ctrlKey || keyEvent.metaKey || keyEvent.altKey) return;
        if (keyEvent.key === '*') void toggleStar(event.seq);
        else if ((keyEvent.key === 'Enter' || keyEvent.key === 'o') && output) showOutput();
        else if (keyEvent.key === 'e' && note) editNote();
        else if (keyEvent.key === 'ArrowDown' || keyEvent.key === 'j') (keyEvent.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
        else if (keyEvent.key === 'ArrowUp' || keyEvent.key === 'k') (keyEvent.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
        else return;
        keyEvent.preventDefault();
        keyEvent.stopPropagation();
      }}
    >
      <time dateTime={event.ts} title={`${event.ts} · #${event.seq} · ${event.actor}`}>
        {utcClock(event.ts)}
      </time>
      <div className="event-body">
        {noteHtml !== null ? (
          <div className="note-body markdown" dangerouslySetInnerHTML={{ __html: noteHtml }} />
        ) : (
          <span className="event-text">{row.text}</span>
        )}
        {note && note.edits > 0 && <span className="muted event-meta"> edited{note.edits > 1 ? ` ×${note.edits}` : ''}</span>}
        <span className="muted event-meta event-author" title="Who did it">
          {' '}
          — {event.actor}
        </span>
        {event.kind === 'alert.received' && <AlertDetails event={event} />}
      </div>
      <span className="event-actions">
        {output && (
          <button type="button" className="icon-button mono" onClick={showOutput} aria-label="Show terminal output" title="Terminal output (Enter)">
            &gt;_
          </button>
        )}
        {note && (
          <button type="button" className="icon-button" onClick={editNote} aria-label="Edit note" title="Edit note (e)">
            ✎
          </button>
        )}
        <button
          type="button"
          className={`icon-button star${starred ? ' on' : ''}`}
          onClick={() => void toggleStar(event.seq)}
          aria-label={starred ? 'Unstar event' : 'Star event'}
          aria-pressed={starred}
          title={starred ? 'Unstar (*)' : 'Star: leads the postmortem timeline (*)'}
        >
          {starred ? '★' : '☆'}
        </button>
      </span>
    </li>
  );
});
