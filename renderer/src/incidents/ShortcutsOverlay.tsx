import { shortcut } from '../keyboard/key-labels';
import { RecordModal } from './RecordModal';

/** Every key the app answers to. Single letters act only outside text fields and the terminal. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; what: string; group: string }> = [
  { group: 'Anywhere', keys: 'Ctrl+K · Ctrl+Shift+P', what: 'Command palette' },
  { group: 'Anywhere', keys: 'Ctrl+Shift+F', what: 'Search every incident (terminal search while in the terminal)' },
  { group: 'Anywhere', keys: 'Ctrl+`', what: 'Focus the terminal' },
  { group: 'Anywhere', keys: 'Ctrl+Shift+L', what: 'Switch theme' },
  { group: 'Anywhere', keys: 'Ctrl+Enter', what: 'Run the focused step' },
  { group: 'Runbook', keys: 'j / k', what: 'Next / previous step' },
  { group: 'Runbook', keys: '/', what: 'Search runbooks' },
  { group: 'Runbook', keys: '.', what: 'Dry run the focused step' },
  { group: 'Runbook', keys: 'Ctrl+Shift+Enter', what: 'Run all steps (reviewed first)' },
  { group: 'Runbook', keys: 'Ctrl+Shift+X', what: 'Cancel the running step' },
  { group: 'Incident', keys: 'n', what: 'Add a note to the timeline' },
  { group: 'Incident', keys: 's then 1–4', what: 'Status: investigating, identified, mitigated, resolved' },
  { group: 'Incident', keys: 'i', what: 'Incidents: list, filter, switch' },
  { group: 'Incident', keys: 'd', what: 'Declare an incident' },
  { group: 'Incident', keys: 'e', what: 'Edit details, roles, key moments' },
  { group: 'Incident', keys: 'x', what: 'Export and back up' },
  { group: 'Incident', keys: 'f', what: 'Cycle the timeline filter' },
  { group: 'Timeline row', keys: '* ', what: 'Star / unstar' },
  { group: 'Timeline row', keys: 'Enter · o', what: 'Terminal output of a step or command' },
  { group: 'Timeline row', keys: 'e', what: 'Edit a note (a new version)' },
  { group: 'Timeline row', keys: '↑↓ · j k', what: 'Move between events' },
  { group: 'Anywhere', keys: '?', what: 'This list' },
];

/** The `?` overlay. */
export function ShortcutsOverlay({ onClose }: { onClose(): void }) {
  const groups = [...new Set(SHORTCUTS.map((s) => s.group))];
  return (
    <RecordModal label="Keyboard shortcuts" onClose={onClose}>
      <h2>Keyboard</h2>
      <div className="shortcut-groups">
        {groups.map((group) => (
          <section key={group}>
            <h3>{group}</h3>
            <dl className="shortcut-list">
              {SHORTCUTS.filter((s) => s.group === group).map((s) => (
                <div key={s.keys + s.what}>
                  <dt>
                    <kbd>{shortcut(s.keys)}</kbd>
                  </dt>
                  <dd>{s.what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </RecordModal>
  );
}
