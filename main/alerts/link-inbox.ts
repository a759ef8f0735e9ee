import type { OpenedLink } from '../../shared/model/opened-link';
import type { EventHub } from '../services/event-hub';

/**
 * Links handed to the app (a second desktop instance, the OS, the browser
 * host's /open): announced at once to whatever window listens, and kept
 * until a window takes it, so a link that started the app is not lost
 * before the page has loaded.
 */
export class LinkInbox {
  private pending: OpenedLink | null = null;
  private pendingInvite: string | null = null;

  constructor(private readonly hub: EventHub) {}

  deliver(link: OpenedLink): void {
    this.pending = link;
    this.hub.emit('link:opened', link);
  }

  /** An invite code (already normalised) for the Team panel's Join field; kept like a link until a window takes it. */
  deliverInvite(invite: string): void {
    this.pendingInvite = invite;
    this.hub.emit('team:invite-opened', { invite });
  }

  takeInvite(): string | null {
    const invite = this.pendingInvite;
    this.pendingInvite = null;
    return invite;
  }

  take(): OpenedLink | null {
    const link = this.pending;
    this.pending = null;
    return link;
  }
}
