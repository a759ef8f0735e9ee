import type { PaletteCommand } from '../palette/commands';
import { useTeamUi } from './team-ui';

/** Palette entries of the Team panel: connecting, sharing the incident on screen, joining one by invite. */
export function teamCommands(): PaletteCommand[] {
  const show = useTeamUi.getState().show;
  return [
    { id: 'team-connect', title: 'Team: connect to the team database, sync status', run: () => show('connect') },
    { id: 'team-share', title: 'Team: share this incident (invite code and link)', run: () => show('share') },
    { id: 'team-join', title: 'Team: join a shared incident (invite code or link)', run: () => show('join') },
  ];
}
