import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { RecordModal } from '../incidents/RecordModal';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import { downloadTextFile } from './download-file';

type ExportFormat = 'md' | 'json' | 'html' | 'cast';
type Preview = ResponseOf<'export:preview'>;
type Backup = ResponseOf<'backup:now'>;

const FORMATS: ReadonlyArray<{ format: ExportFormat; key: string; label: string; detail: string }> = [
  { format: 'md', key: '1', label: 'Markdown postmortem', detail: 'Google SRE template, timeline with T+ offsets, starred events first' },
  { format: 'json', key: '2', label: 'JSON', detail: 'complete, versioned, re-importable with firebreak import' },
  { format: 'html', key: '3', label: 'HTML', detail: 'one self-contained file, no scripts, prints well' },
  { format: 'cast', key: '4', label: 'asciicast v2', detail: 'one file per terminal session, plays in asciinema' },
];

/** Where a masked secret is, in words. */
function describeLocation(location: Preview['items'][number]['location']): string {
  switch (location.kind) {
    case 'incident':
      return `incident ${location.field}`;
    case 'event':
      return `event #${location.seq} ${location.field}`;
    case 'output':
      return `output of session ${location.sessionId.slice(0, 8)}`;
    case 'runbook':
      return `runbook ${location.contentHash.slice(0, 10)}`;
  }
}

/** Exports the active incident, after showing what will be masked; also "back up now". */
export function ExportDialog() {
  const incident = useAppStore((state) => state.incident);
  const close = () => useAppStore.getState().openRecordDialog(null);
  const [format, setFormat] = useState<ExportFormat>('md');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [exported, setExported] = useState<string[]>([]);
  const [backup, setBackup] = useState<Backup | null>(null);
  const incidentId = incident?.id;

  useEffect(() => {
    if (!incidentId) return;
    let current = true;
    call('export:preview', { incidentId })
      .then((result) => current && setPreview(result))
      .catch((error: unknown) => useAppStore.getState().reportError(error));
    return () => {
      current = false;
    };
  }, [incidentId]);

  // 1–4 choose the format whenever the dialog is open, wherever focus is (except while typing in a text field).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTextField(event.target)) return;
      const choice = FORMATS.find((f) => f.key === event.key);
      if (!choice) return;
      event.preventDefault();
      setFormat(choice.format);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!incident) return null;

  const runExport = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const { files } = await call('export:render', { incidentId: incident.id, format });
      const names: string[] = [];
      for (const file of files) {
        if (file.content !== undefined) downloadTextFile(file.fileName, file.content);
        names.push(file.writtenTo ?? file.fileName);
      }
      setExported(names);
      if (files.length === 0) useAppStore.getState().notify('Nothing to export in this format (no terminal session was recorded).');
    } catch (error) {
      useAppStore.getState().reportError(error);
    } finally {
      setBusy(false);
    }
  };

  const backUpNow = async () => {
    try {
      setBackup(await call('backup:now', {}));
    } catch (error) {
      useAppStore.getState().reportError(error);
    }
  };

  const total = preview ? Object.values(preview.counts).reduce((sum, n) => sum + n, 0) : 0;

  return (
    <RecordModal label="Export" onClose={close} wide>
      <div
        className="export-dialog"
        onKeyDown={(event) => {
          if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
            event.preventDefault();
            void runExport();
          }
        }}
      >
        <div className="dialog-header">
          <h2>
            Export <span className={`badge kind-${incident.kind}`}>{incident.kind}</span> <span className="muted">{incident.title}</span>
          </h2>
        </div>
        <div className="export-columns">
          <fieldset className="export-formats">
            <legend>Format</legend>
            {FORMATS.map((option) => (
              <label key={option.format} className={`format-option${format === option.format ? ' chosen' : ''}`}>
                <input type="radio" name="format" value={option.format} checked={format === option.format} onChange={() => setFormat(option.format)} autoFocus={option.format === format} />
                <kbd>{option.key}</kbd>
                <span>
                  <strong>{option.label}</strong>
                  <span className="muted"> · {option.detail}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <section className="mask-preview" aria-label="What will be masked" data-testid="mask-preview">
            <h3>
              Masked in every export{' '}
              <span className="muted">{preview === null ? 'checking…' : total === 0 ? 'nothing detected' : `${total} secret${total === 1 ? '' : 's'}`}</span>
            </h3>
            <p className="muted dialog-note">
              Secret params, plus detected keys and tokens (AWS, GitHub, GitLab, Slack, npm, JWT, PEM, bearer), passwords in URLs and
              assignments, and high-entropy values next to key/secret/token words — also when split across output chunks.
            </p>
            {preview && total > 0 && (
              <div className="mask-counts">
                {Object.entries(preview.counts).map(([rule, count]) => (
                  <span key={rule} className="badge subtle">
                    {rule} ×{count}
                  </span>
                ))}
              </div>
            )}
            {preview && preview.items.length > 0 && (
              <ul className="mask-items">
                {preview.items.map((item, index) => (
                  <li key={index}>
                    <span className="muted">{describeLocation(item.location)}</span> <span className="badge subtle">{item.rule}</span>
                    <code className="mask-context">{item.context}</code>
                  </li>
                ))}
              </ul>
            )}
            {preview?.truncated && <p className="muted dialog-note">More were found than are listed; all are masked.</p>}
          </section>
        </div>
        {exported.length > 0 && (
          <p className="export-done" role="status">
            Exported: {exported.join(', ')}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button" onClick={() => void backUpNow()} title="Online backup of the whole database">
            Back up now
          </button>
          {backup && (
            <span className="muted backup-done" role="status" title={backup.path}>
              Backed up {(backup.bytes / 1024).toFixed(0)} KiB at {backup.takenAt.slice(11, 19)}Z
            </span>
          )}
          <span className="spacer" />
          <button type="button" className="button" onClick={close}>
            Close
          </button>
          <button type="button" className="button primary" onClick={() => void runExport()} disabled={busy}>
            {busy ? 'Exporting…' : `Export ${FORMATS.find((f) => f.format === format)!.label}`}
          </button>
        </div>
      </div>
    </RecordModal>
  );
}

function isTextField(target: EventTarget | null): boolean {
  return (target instanceof HTMLInputElement && target.type === 'text') || target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable);
}
