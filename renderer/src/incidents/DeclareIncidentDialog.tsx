import { useState } from 'react';
import type { Severity } from '../../../shared/export/incident-record';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import { useTeamSyncStatus, useTeamUi } from '../team/team-ui';
import { SEVERITIES, splitList } from './incident-labels';
import { RecordModal } from './RecordModal';
import { shareDeclared } from './share-declared';

/** Declares a real incident or starts a drill; it becomes the active one. */
export function DeclareIncidentDialog() {
  const initialKind = useAppStore((state) => state.declareKind);
  const declare = useAppStore((state) => state.declareIncident);
  const close = () => useAppStore.getState().openRecordDialog(null);
  const [kind, setKind] = useState(initialKind);
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV2');
  const [services, setServices] = useState('');
  const [commander, setCommander] = useState('');
  const [communicationsLead, setCommunicationsLead] = useState('');
  const [responders, setResponders] = useState('');
  const [busy, setBusy] = useState(false);
  const [sharedWanted, setShared] = useState(false);
  // Sharing needs a team connection (the sync status says so); without one the box stays off and says why.
  const teamConnected = Boolean(useTeamSyncStatus()?.connected);
  const shared = sharedWanted && teamConnected;

  const submit = async () => {
    if (!title.trim() || busy) return;
    setBusy(true);
    const declared = await declare({
      title: title.trim(),
      kind,
      severity,
      services: splitList(services),
      commander: commander.trim() || null,
      communicationsLead: communicationsLead.trim() || null,
      responders: splitList(responders),
    });
    if (declared === null) {
      setBusy(false);
      return;
    }
    // The id from the declare itself: the store shows the new incident only once its timeline has loaded.
    if (shared) {
      await shareDeclared(declared, title.trim(), {
        share: (id) => call('team:share', { incidentId: id }),
        openTeamPanel: () => useTeamUi.getState().show('share'),
        notify: (text, tone) => useAppStore.getState().notify(text, tone),
      });
    }
  };

  return (
    <RecordModal label={kind === 'drill' ? 'Start a drill' : 'Declare an incident'} onClose={close}>
      <form
        className={`record-form declare kind-${kind}`}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2>{kind === 'drill' ? 'Start a drill' : 'Declare an incident'}</h2>
        <div className="kind-switch" role="radiogroup" aria-label="Kind">
          <label className={`kind-option kind-incident${kind === 'incident' ? ' chosen' : ''}`}>
            <input type="radio" name="kind" checked={kind === 'incident'} onChange={() => setKind('incident')} /> Real incident
          </label>
          <label className={`kind-option kind-drill${kind === 'drill' ? ' chosen' : ''}`}>
            <input type="radio" name="kind" checked={kind === 'drill'} onChange={() => setKind('drill')} /> Drill (practice, kept apart)
          </label>
        </div>
        <label className="field">
          <span>Title</span>
          <input autoFocus required value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Checkout returns 502 for EU customers" maxLength={500} />
        </label>
        <fieldset className="field severity-picker">
          <legend>Severity</legend>
          {SEVERITIES.map(({ severity: option, meaning }) => (
            <label key={option} className={`severity-option${severity === option ? ' chosen' : ''}`} title={meaning}>
              <input type="radio" name="severity" checked={severity === option} onChange={() => setSeverity(option)} />
              <span className={`badge severity severity-${option.toLowerCase()}`}>{option}</span>
              <span className="muted">{meaning.split(':')[0]}</span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Affected services</span>
          <input value={services} onChange={(e) => setServices(e.target.value)} placeholder="checkout, payments (comma-separated)" />
        </label>
        <div className="field-row">
          <label className="field">
            <span>Incident commander</span>
            <input value={commander} onChange={(e) => setCommander(e.target.value)} placeholder="name or handle" />
          </label>
          <label className="field">
            <span>Communications lead</span>
            <input value={communicationsLead} onChange={(e) => setCommunicationsLead(e.target.value)} placeholder="name or handle" />
          </label>
        </div>
        <label className="field">
          <span>Responders</span>
          <input value={responders} onChange={(e) => setResponders(e.target.value)} placeholder="comma-separated" />
        </label>
        <label className="check declare-shared">
          <input type="checkbox" checked={shared} disabled={!teamConnected || busy} onChange={(e) => setShared(e.target.checked)} aria-describedby="declare-shared-note" />
          <span>Shared with the team</span>
          <span className="muted" id="declare-shared-note">
            {teamConnected
              ? 'Its redacted timeline goes to the team database; the invite shows in the Team panel.'
              : 'Connect to a team first (Team panel) to share it.'}
          </span>
        </label>
        <div className="modal-actions">
          <span className="muted">The clock starts now. New events go to this {kind}.</span>
          <span className="spacer" />
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className={`button ${kind === 'incident' ? 'danger' : 'primary'}`} disabled={!title.trim() || busy}>
            {kind === 'drill' ? 'Start drill' : 'Declare incident'}
          </button>
        </div>
      </form>
    </RecordModal>
  );
}
