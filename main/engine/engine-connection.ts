import type { EventChannel } from '../../shared/ipc/contract';
import type { Envelope } from '../../shared/ipc/envelope';
import { openRunbookLink } from '../alerts/open-link';
import { inviteFromLink } from '../team/invite';
import type { AppServices } from '../services/app-services';
import { failureEnvelope, type CallContext } from '../services/contract-router';

/**
 * What a window transport (Electron IPC, the browser host's WebSocket) needs
 * from the engine: the contract's dispatch, its events, how many viewers
 * acknowledge terminal output, and link hand-off. An EngineClient gives it
 * over a port to the engine host process; `inProcessEngine` gives it from an
 * AppServices in this process (tests, and hosts that choose to).
 */
export interface EngineConnection {
  /** Never throws: a failure, a dead engine included, is an envelope with ok: false. */
  dispatch(channel: unknown, payload: unknown, context: CallContext): Promise<Envelope<unknown>>;
  subscribe(listener: (channel: EventChannel, payload: unknown) => void): () => void;
  setViewerCount(count: number): void;
  /** A firebreak:// link: checked (against the library, for a runbook) and delivered to the page, never run nor joined. */
  openLink(url: string): Promise<Envelope<unknown>>;
}

/**
 * Hands a link to the page through the services' inbox: a runbook link opens
 * the runbook with its values, an invite link (firebreak://join/CODE) opens
 * the Team panel with the code in Join. A bad link is an envelope naming why.
 */
export function deliverLink(services: AppServices, url: string): Envelope<null> {
  try {
    const invite = inviteFromLink(url);
    if (invite !== null) {
      services.links.deliverInvite(invite);
      return { ok: true, value: null };
    }
    services.links.deliver(openRunbookLink(url, (id) => services.library.all().find((runbook) => runbook.id === id)));
    return { ok: true, value: null };
  } catch (error) {
    return failureEnvelope(error) ?? { ok: false, error: { code: 'bad_request', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** The connection to an AppServices living in this very process. */
export function inProcessEngine(services: AppServices): EngineConnection {
  return {
    dispatch: (channel, payload, context) => services.router.dispatch(channel, payload, context),
    subscribe: (listener) => services.hub.subscribe(listener),
    setViewerCount: (count) => services.terminals.setViewerCount(count),
    openLink: (url) => Promise.resolve(deliverLink(services, url)),
  };
}
