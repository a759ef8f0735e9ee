import { isAppUrl } from './app-url';

/** What identifies a frame: enough of Electron's WebFrameMain to compare two of them. */
export interface FrameIdentity {
  url: string;
  processId: number;
  routingId: number;
}

/**
 * Only the main frame of our own window, showing one of our own pages, may
 * call the contract (GitHub Desktop drops messages from unknown web contents
 * the same way). Frames are compared by process and routing id rather than
 * object identity, which Electron does not promise to keep stable.
 */
export function isTrustedFrame(frame: FrameIdentity | null | undefined, mainFrame: FrameIdentity | null | undefined): boolean {
  if (!frame || !mainFrame) return false;
  if (frame.processId !== mainFrame.processId || frame.routingId !== mainFrame.routingId) return false;
  return isAppUrl(frame.url);
}
