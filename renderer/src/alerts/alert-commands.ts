import type { PaletteCommand } from '../palette/commands';
import { useAppStore } from '../store/app-store';
import { useAlertUi } from './alert-ui';

/** Palette entries: Paste alert, and a status update for the incident on screen. */
export function alertCommands(): PaletteCommand[] {
  const incident = useAppStore.getState().incident;
  return [
    { id: 'paste-alert', title: 'Paste alert (Alertmanager, amtool, one alert) — declare or join', run: () => useAlertUi.getState().open('paste') },
    ...(incident && incident.kind === 'incident' ? [{ id: 'status-update', title: 'Write a status update', run: () => useAlertUi.getState().open('update') }] : []),
  ];
}
