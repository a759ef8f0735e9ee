import { useState } from 'react';
import type { KeyMoments, PostmortemFields, Severity } from '../../../shared/export/incident-record';
import type { IncidentSummary } from '../../../shared/ipc/channels/incident-channels';
import { useAppStore } from '../store/app-store';
import { ActionItemsEditor, fromDrafts, toDrafts, type ActionItemDraft } from './ActionItemsEditor';
import { KEY_MOMENTS, SEVERITIES, splitList } from './incident-labels';
import { RecordModal } from './RecordModal';

/** The written parts of the postmortem; action items and lessons are lists, edited below them. */
const POSTMORTEM_TEXT_FIELDS = [
  { field: 'summary', label: 'Summary' },
  { field: 'impact', label: 'Impact' },
  { field: 'rootCauses', label: 'Root causes' },
  { field: 'trigger', label: 'Trigger' },
  { field: 'resolution', label: 'Resolution' },
  { field: 'detection', label: 'Detection' },
] as const;
type PostmortemTextField = (typeof POSTMORTEM_TEXT_FIELDS)[number]['field'];

/** The three lists of the template's "Lessons learned". */
const LESSON_LISTS = [
  { list: 'wentWell', label: 'What went well' },
  { list: 'wentWrong', label: 'What went wrong' },
  { list: 'gotLucky', label: 'Where we got lucky' },
] as const;
type LessonList = (typeof LESSON_LISTS)[number]['list'];

function splitLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*[-*]\s+/, '').trim())
    .filter(Boolean);
}

/** `2024-05-14 09:12:03` (UTC) from an ISO instant, for editing. */
function toUtcInput(iso: string | null): string {
  return iso ? iso.slice(0, 19).replace('T', ' ') : '';
}

/** An ISO instant from `YYYY-MM-DD HH:MM[:SS]` typed as UTC; null when empty; undefined when not a time. */
function fromUtcInput(text: string): string | null | undefined {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?Z?$/.exec(trimmed);
  if (!match) return undefined;
  const date = new Date(`${match[1]}T${match[2]}${match[3] ?? ':00'}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Edits the active incident: details, roles, key moments and the written postmortem fields. */
export function EditIncidentDialog() {
  const incident = useAppStore((state) => state.incident);
  if (!incident) return null;
  return <EditIncidentForm key={incident.id} incident={incident} />;
}

function EditIncidentForm({ incident }: { incident: IncidentSummary }) {
  const state = useAppStore.getState();
  const close = () => state.openRecordDialog(null);
  const [title, setTitle] = useState(incident.title);
  const [severity, setSeverity] = useState<Severity>(incident.severity);
  const [services, setServices] = useState(incident.services.join(', '));
  const [commander, setCommander] = useState(incident.commander ?? '');
  const [communicationsLead, setCommunicationsLead] = useState(incident.communicationsLead ?? '');
  const [responders, setResponders] = useState(incident.responders.join(', '));
  const [moments, setMoments] = useState<Record<keyof KeyMoments, string>>(() => {
    const entries = KEY_MOMENTS.map(({ moment }) => [moment, toUtcInput(incident.keyMoments[moment])]);
    return Object.fromEntries(entries) as Record<keyof KeyMoments, string>;
  });
  const [written, setWritten] = useState<Record<PostmortemTextField, string>>(() => {
    const entries = POSTMORTEM_TEXT_FIELDS.map(({ field }) => [field, incident.postmortem[field] ?? '']);
    return Object.fromEntries(entries) as Record<PostmortemTextField, string>;
  });
  const [actionItems, setActionItems] = useState<ActionItemDraft[]>(() => toDrafts(incident.postmortem.actionItems));
  const [lessons, setLessons] = useState<Record<LessonList, string>>(() => {
    const entries = LESSON_LISTS.map(({ list }) => [list, incident.postmortem.lessonsLearned[list].join('\n')]);
    return Object.fromEntries(entries) as Record<LessonList, string>;
  });
  const [busy, setBusy] = useState(false);

  const badMoments = KEY_MOMENTS.filter(({ moment }) => fromUtcInput(moments[moment]) === undefined).map(({ moment }) => moment);

  const save = async () => {
    if (busy || badMoments.length > 0 || !title.trim()) return;
    setBusy(true);
    let ok = true;
    const servicesList = splitList(services);
    const postmortem: Partial<PostmortemFields> = {};
    for (const { field } of POSTMORTEM_TEXT_FIELDS) {
      const value = written[field].trim() || null;
      if (value !== incident.postmortem[field]) postmortem[field] = value;
    }
    const items = fromDrafts(actionItems);
    if (JSON.stringify(items) !== JSON.stringify(incident.postmortem.actionItems)) postmortem.actionItems = items;
    const lessonsLearned = Object.fromEntries(LESSON_LISTS.map(({ list }) => [list, splitLines(lessons[list])])) as PostmortemFields['lessonsLearned'];
    if (JSON.stringify(lessonsLearned) !== JSON.stringify(incident.postmortem.lessonsLearned)) postmortem.lessonsLearned = lessonsLearned;
    const detailsChanged =
      title.trim() !== incident.title ||
      severity !== incident.severity ||
      servicesList.join('\n') !== incident.services.join('\n') ||
      Object.keys(postmortem).length > 0;
    if (detailsChanged) ok = await state.updateIncident({ title: title.trim(), severity, services: servicesList, postmortem });
    const respondersList = splitList(responders);
    const roles = {
      ...((commander.trim() || null) !== incident.commander ? { commander: commander.trim() || null } : {}),
      ...((communicationsLead.trim() || null) !== incident.communicationsLead ? { communicationsLead: communicationsLead.trim() || null } : {}),
      ...(respondersList.join('\n') !== incident.responders.join('\n') ? { responders: respondersList } : {}),
    };
    if (ok && Object.keys(roles).length > 0) ok = await state.setIncidentRoles(roles);
    for (const { moment } of KEY_MOMENTS) {
      const at = fromUtcInput(moments[moment]);
      if (!ok || at === undefined) break;
      const before = incident.keyMoments[moment];
      // Compare to the second: the field shows seconds, the record keeps milliseconds.
      if ((at ?? '').slice(0, 19) !== (before ?? '').slice(0, 19)) ok = await state.setIncidentMoment(moment, at);
    }
    setBusy(false);
    if (ok) close();
  };

  return (
    <RecordModal label="Edit incident" onClose={close} wide>
      <form
        className="record-form edit-incident"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        onKeyDown={(event) => {
          if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
            event.preventDefault();
            void save();
          }
        }}
      >
        <h2>
          Edit <span className={`badge kind-${incident.kind}`}>{incident.kind}</span>
        </h2>
        <div className="edit-columns">
          <section>
            <h3>Details</h3>
            <label className="field">
              <span>Title</span>
              <input autoFocus value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} />
            </label>
            <label className="field">
              <span>Severity</span>
              <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
                {SEVERITIES.map(({ severity: option, meaning }) => (
                  <option key={option} value={option}>
                    {option} — {meaning}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Affected services</span>
              <input value={services} onChange={(e) => setServices(e.target.value)} placeholder="comma-separated" />
            </label>
            <h3>Roles</h3>
            <label className="field">
              <span>Incident commander</span>
              <input value={commander} onChange={(e) => setCommander(e.target.value)} />
            </label>
            <label className="field">
              <span>Communications lead</span>
              <input value={communicationsLead} onChange={(e) => setCommunicationsLead(e.target.value)} />
            </label>
            <label className="field">
              <span>Responders</span>
              <input value={responders} onChange={(e) => setResponders(e.target.value)} placeholder="comma-separated" />
            </label>
            <h3>
              Key moments <span className="muted">UTC, YYYY-MM-DD HH:MM:SS</span>
            </h3>
            {KEY_MOMENTS.map(({ moment, label }) => (
              <div key={moment} className={`moment-row${badMoments.includes(moment) ? ' invalid' : ''}`}>
                <label htmlFor={`moment-${moment}`}>{label}</label>
                <input id={`moment-${moment}`} value={moments[moment]} placeholder="not set" onChange={(e) => setMoments({ ...moments, [moment]: e.target.value })} />
                <button type="button" className="button small" onClick={() => setMoments({ ...moments, [moment]: toUtcInput(new Date().toISOString()) })}>
                  Now
                </button>
                <button type="button" className="button small" onClick={() => setMoments({ ...moments, [moment]: '' })}>
                  Clear
                </button>
              </div>
            ))}
          </section>
          <section>
            <h3>
              Postmortem <span className="muted">what a person writes; Markdown</span>
            </h3>
            {POSTMORTEM_TEXT_FIELDS.map(({ field, label }) => (
              <label key={field} className="field">
                <span>{label}</span>
                <textarea rows={2} value={written[field]} onChange={(e) => setWritten({ ...written, [field]: e.target.value })} placeholder="to be written" />
              </label>
            ))}
            <ActionItemsEditor drafts={actionItems} onChange={setActionItems} />
            <h3>
              Lessons learned <span className="muted">one per line</span>
            </h3>
            {LESSON_LISTS.map(({ list, label }) => (
              <label key={list} className="field">
                <span>{label}</span>
                <textarea rows={2} value={lessons[list]} onChange={(e) => setLessons({ ...lessons, [list]: e.target.value })} placeholder="to be written" />
              </label>
            ))}
          </section>
        </div>
        <div className="modal-actions">
          {badMoments.length > 0 && <span className="field-error">Not a UTC time: {badMoments.join(', ')}</span>}
          <span className="spacer" />
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || badMoments.length > 0 || !title.trim()}>
            Save (Ctrl+Enter)
          </button>
        </div>
      </form>
    </RecordModal>
  );
}
