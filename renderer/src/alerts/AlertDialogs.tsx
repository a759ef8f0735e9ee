import { PasteAlertDialog } from './PasteAlertDialog';
import { StatusUpdateDialog } from './StatusUpdateDialog';
import { useAlertUi } from './alert-ui';

/** Mounts the Paste alert dialog or the status-update composer when open. */
export function AlertDialogs() {
  const dialog = useAlertUi((state) => state.dialog);
  return (
    <>
      {dialog === 'paste' && <PasteAlertDialog />}
      {dialog === 'update' && <StatusUpdateDialog />}
    </>
  );
}
