import type { ActionItem } from '../../../shared/export/incident-record';

const TYPES: ReadonlyArray<{ type: ActionItem['type']; label: string }> = [
  { type: 'mitigate', label: 'mitigate — less impact next time' },
  { type: 'prevent', label: 'prevent — it cannot happen again' },
  { type: 'process', label: 'process — how we respond' },
];
const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;

/** An action item being edited: owner and tracking as typed (empty means not set yet). */
export interface ActionItemDraft {
  item: string;
  type: ActionItem['type'];
  priority: ActionItem['priority'];
  owner: string;
  tracking: string;
}

export function toDrafts(items: readonly ActionItem[]): ActionItemDraft[] {
  return items.map((item) => ({ item: item.item, type: item.type, priority: item.priority, owner: item.owner ?? '', tracking: item.tracking ?? '' }));
}

/** The drafts as the record keeps them: blank rows dropped, empty owner and tracking as not set. */
export function fromDrafts(drafts: readonly ActionItemDraft[]): ActionItem[] {
  return drafts
    .filter((draft) => draft.item.trim())
    .map((draft) => ({ item: draft.item.trim(), type: draft.type, priority: draft.priority, owner: draft.owner.trim() || null, tracking: draft.tracking.trim() || null }));
}

/** The postmortem's action items (Google SRE template: what, type, owner, tracking; plus a priority), one row each. */
export function ActionItemsEditor({ drafts, onChange }: { drafts: ActionItemDraft[]; onChange: (drafts: ActionItemDraft[]) => void }) {
  const update = (index: number, patch: Partial<ActionItemDraft>) => onChange(drafts.map((draft, i) => (i === index ? { ...draft, ...patch } : draft)));
  return (
    <fieldset className="action-items">
      <legend>Action items</legend>
      {drafts.length === 0 && <p className="muted">None yet: what will stop this happening again, or make it hurt less?</p>}
      {drafts.map((draft, index) => (
        <div key={index} className="action-item" data-testid="action-item">
          <input aria-label={`Action item ${index + 1}`} value={draft.item} placeholder="What will be done" onChange={(e) => update(index, { item: e.target.value })} />
          <select aria-label={`Type of action item ${index + 1}`} value={draft.type} onChange={(e) => update(index, { type: e.target.value as ActionItem['type'] })}>
            {TYPES.map(({ type, label }) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
          </select>
          <select aria-label={`Priority of action item ${index + 1}`} value={draft.priority ?? ''} onChange={(e) => update(index, { priority: (e.target.value || null) as ActionItem['priority'] })}>
            <option value="">no priority</option>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {priority}
              </option>
            ))}
          </select>
          <input aria-label={`Owner of action item ${index + 1}`} value={draft.owner} placeholder="owner" onChange={(e) => update(index, { owner: e.target.value })} />
          <input aria-label={`Tracking link of action item ${index + 1}`} value={draft.tracking} placeholder="ticket or link" onChange={(e) => update(index, { tracking: e.target.value })} />
          <button type="button" className="button small" aria-label={`Remove action item ${index + 1}`} onClick={() => onChange(drafts.filter((_, i) => i !== index))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="button small" onClick={() => onChange([...drafts, { item: '', type: 'prevent', priority: null, owner: '', tracking: '' }])}>
        + Action item
      </button>
    </fieldset>
  );
}
