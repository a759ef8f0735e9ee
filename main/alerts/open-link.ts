import { parseRunbookLink, resolveRunbookLink, RunbookLinkError } from '../../shared/alerts/runbook-link';
import type { OpenedLink } from '../../shared/model/opened-link';
import { InvalidInput, NotFound } from '../../shared/model/domain-errors';
import type { Runbook } from '../../shared/model/runbook';

/**
 * Reads a runbook link and checks it against the library: an unknown
 * runbook or a malformed link fails (bad_request / not_found) with a
 * message; unknown or invalid params are errors for the params form.
 */
export function openRunbookLink(url: string, runbook: (id: string) => Runbook | undefined): OpenedLink {
  let link;
  try {
    link = parseRunbookLink(url);
  } catch (error) {
    if (error instanceof RunbookLinkError) throw new InvalidInput(error.message);
    throw error;
  }
  const found = runbook(link.runbookId);
  if (!found) throw new NotFound(`There is no runbook "${link.runbookId}" in the library.`);
  return { runbookId: found.id, profile: link.profile, ...resolveRunbookLink(found, link), origin: 'link' };
}
