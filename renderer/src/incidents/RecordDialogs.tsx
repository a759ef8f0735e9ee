import { ExportDialog } from '../export/ExportDialog';
import { SearchDialog } from '../search/SearchDialog';
import { useAppStore } from '../store/app-store';
import { ResolvedIncidentDialog } from '../runbooks/ResolvedIncidentDialog';
import { OutputViewerDialog } from '../timeline/OutputViewerDialog';
import { DeclareIncidentDialog } from './DeclareIncidentDialog';
import { EditIncidentDialog } from './EditIncidentDialog';
import { IncidentListDialog } from './IncidentListDialog';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { StatusMenu } from './StatusMenu';

/** Mounts whichever incident-record dialog is open (one at a time), plus the output viewer. */
export function RecordDialogs() {
  const dialog = useAppStore((state) => state.recordDialog);
  const close = () => useAppStore.getState().openRecordDialog(null);
  return (
    <>
      {dialog === 'declare' && <DeclareIncidentDialog />}
      {dialog === 'edit' && <EditIncidentDialog />}
      {dialog === 'incidents' && <IncidentListDialog />}
      {dialog === 'status' && <StatusMenu />}
      {dialog === 'search' && <SearchDialog />}
      {dialog === 'export' && <ExportDialog />}
      {dialog === 'shortcuts' && <ShortcutsOverlay onClose={close} />}
      <OutputViewerDialog />
      <ResolvedIncidentDialog />
    </>
  );
}
