/** What sharing a just-declared incident needs; passed in so the order and the failure path are testable without a window. */
export interface ShareDeclaredDeps {
  share(incidentId: string): Promise<unknown>;
  openTeamPanel(): void;
  notify(message: string, tone: 'error'): void;
}

/**
 * Shares the incident just declared and opens the Team panel on its invite.
 * Sharing is a second call after the declare: when it fails (the server
 * unreachable, no rights on the team) the declared incident stays, recorded
 * locally like any other, and a notice says why and how to share it later.
 */
export async function shareDeclared(incidentId: string, title: string, deps: ShareDeclaredDeps): Promise<boolean> {
  try {
    await deps.share(incidentId);
    deps.openTeamPanel();
    return true;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/[.\s]*$/, '.');
    deps.notify(`Declared “${title}”, but it could not be shared: ${reason} It is recorded on this machine; share it later from the Team panel (Team: share this incident).`, 'error');
    return false;
  }
}
