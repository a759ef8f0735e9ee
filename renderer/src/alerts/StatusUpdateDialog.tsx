import { useMemo, useState } from 'react';
import { cadenceFrom, draftUpdateFields, nextUpdateDue, renderUpdate, type UpdateFields } from '../../../shared/alerts/status-update';
import { call } from '../ipc/bridge';
import { RecordModal } from '../incidents/RecordModal';
import { useAppStore } from '../store/app-store';
import { useAlertUi } from './alert-ui';

const FIELDS: Array<[keyof UpdateFields, string]> = [
  ['happening', 'What is happening'],
  ['impact', 'Impact'],
  ['status', 'Current status'],
  ['doing', 'What we are doing'],
  ['next', 'Next update'],
];

/**
 * The status-update composer: drafted from the record, edited by the
 * communications lead, copied as Markdown or plain text, and recorded as
 * sent ('comms.update'), which restarts the reminder countdown.
 */
export function StatusUpdateDialog() {
  const close = () => useAlertUi.getState().open(null);
  const incident = useAppStore((state) => state.incident);
  const events = useAppStore((state) => state.events);
  const runbook = useAppStore((state) => state.selectedRunbook);
  const notify = useAppStore((state) => state.notify);
  const cadenceSetting = useAlertUi((state) => state.cadenceSetting);
  const cadence = useMemo(() => cadenceFrom(runbook?.frontMatter, cadenceSetting), [runbook, cadenceSetting]);
  const minutes = incident ? cadence[incident.severity] : null;
  // The next update is due one cadence after this one is sent; fixed when the composer opens.
  const [nextAt] = useState(() => (minutes ? new Date(Date.now() + minutes * 60_000).toISOString() : null));
  const [fields, setFields] = useState<UpdateFields>(() =>
    draftUpdateFields({ title: incident?.title ?? '', severity: incident?.severity ?? 'SEV3', status: incident?.status ?? 'investigating', services: incident?.services ?? [], events, nextUpdateAt: nextAt }),
  );
  const [channel, setChannel] = useState('');
  const [busy, setBusy] = useState(false);
  const rendered = renderUpdate(fields);

  if (!incident) return null;
  const send = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await call('comms:record', { incidentId: incident.id, markdown: rendered.markdown, plain: rendered.plain, status: incident.status, severity: incident.severity, nextUpdateAt: incident.status === 'resolved' ? null : nextAt, channel: channel.trim() });
      notify('Status update recorded on the timeline.', 'info');
      close();
    } catch (error) {
      setBusy(false);
      notify(error instanceof Error ? error.message : String(error), 'error');
    }
  };
  const copy = (text: string) => void navigator.clipboard?.writeText(text).catch(() => {});

  return (
    <RecordModal label="Status update" onClose={close} wide>
      <form
        className="record-form status-update"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <h2>Status update</h2>
        <p className="muted">
          {minutes ? `${incident.severity}: an update every ${minutes} min.` : `${incident.severity}: no reminder cadence.`} Drafted from the record; edit before sending.
        </p>
        {FIELDS.map(([key, label]) => (
          <label className="field" key={key}>
            <span>{label}</span>
            <textarea rows={2} value={fields[key]} aria-label={label} onChange={(event) => setFields({ ...fields, [key]: event.target.value })} />
          </label>
        ))}
        <label className="field">
          <span>Sent to (channel, status page)</span>
          <input value={channel} aria-label="Sent to" maxLength={200} onChange={(event) => setChannel(event.target.value)} placeholder="#incident-checkout" />
        </label>
        <details>
          <summary>Plain text (chat)</summary>
          <pre data-testid="update-plain">{rendered.plain}</pre>
        </details>
        <details>
          <summary>Markdown</summary>
          <pre data-testid="update-markdown">{rendered.markdown}</pre>
        </details>
        <div className="form-actions">
          <button type="button" className="button ghost" onClick={() => copy(rendered.plain)}>
            Copy plain text
          </button>
          <button type="button" className="button ghost" onClick={() => copy(rendered.markdown)}>
            Copy Markdown
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            Record as sent
          </button>
        </div>
      </form>
    </RecordModal>
  );
}

/** Header countdown to the next update, per the severity's cadence; overdue nudges the communications lead. */
export function nextUpdateFor(
  state: { incident: { severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4'; status: string } | null; events: Parameters<typeof nextUpdateDue>[0]; selectedRunbook: { frontMatter: Record<string, unknown> } | null },
  cadenceSetting?: unknown,
): string | null {
  if (!state.incident || state.incident.status === 'resolved') return null;
  return nextUpdateDue(state.events, state.incident.severity, cadenceFrom(state.selectedRunbook?.frontMatter, cadenceSetting));
}
