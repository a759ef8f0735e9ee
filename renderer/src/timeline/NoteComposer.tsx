import { useState } from 'react';
import { shortcut } from '../keyboard/key-labels';
import { useAppStore } from '../store/app-store';
import type { NoteDraft } from '../store/timeline-slice';
import { renderNoteMarkdown } from './render-note';

/**
 * Writes a Markdown note onto the timeline (or a new version of one).
 * Ctrl+Enter saves, Escape cancels; Ctrl+P toggles the preview.
 */
export function NoteComposer({ draft }: { draft: NoteDraft }) {
  const saveNote = useAppStore((state) => state.saveNote);
  const close = useAppStore((state) => state.closeNoteComposer);
  const [text, setText] = useState(draft.mode === 'edit' ? draft.text : '');
  const [preview, setPreview] = useState(false);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    if (!text.trim() || saving) return;
    setSaving(true);
    const saved = await saveNote(text);
    if (!saved) setSaving(false);
  };

  return (
    <form
      className="note-composer"
      aria-label={draft.mode === 'edit' ? 'Edit note' : 'New note'}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="note-composer-header">
        <span className="pane-title">{draft.mode === 'edit' ? 'Edit note (saved as a new version)' : 'New note'}</span>
        <span className="spacer" />
        <button type="button" className="chip" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
          {preview ? 'Write' : 'Preview'}
        </button>
      </div>
      {preview ? (
        <div className="note-preview markdown" dangerouslySetInnerHTML={{ __html: renderNoteMarkdown(text || '_Nothing yet._') }} />
      ) : (
        <textarea
          autoFocus
          className="note-input"
          aria-label="Note (Markdown)"
          placeholder="What happened, what you saw, what you decided. Markdown."
          value={text}
          rows={4}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
            else if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') void save();
            else return;
            event.preventDefault();
            event.stopPropagation();
          }}
        />
      )}
      <div className="note-composer-actions">
        <span className="muted">{shortcut('Ctrl+Enter')} to save · Esc to cancel</span>
        <span className="spacer" />
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={!text.trim() || saving}>
          {draft.mode === 'edit' ? 'Save version' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
