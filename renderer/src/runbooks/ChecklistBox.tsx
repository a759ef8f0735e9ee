import type { ChecklistItem } from '../../../shared/model/runbook';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';

/** A manual step: ticking it is logged on the timeline like any other action. */
export function ChecklistBox({ runbookId, item, checked }: { runbookId: string; item: ChecklistItem; checked: boolean }) {
  const reportError = useAppStore((state) => state.reportError);
  return (
    <input
      type="checkbox"
      className="checklist-box"
      checked={checked}
      aria-label={item.text}
      onChange={(event) => {
        void call('checklist:tick', { runbookId, itemId: item.id, checked: event.target.checked }).catch(reportError);
      }}
    />
  );
}
