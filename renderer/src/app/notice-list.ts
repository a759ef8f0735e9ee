/**
 * The notices (toasts) on screen, as a pure list. Info notices expire on
 * their own; errors stay until dismissed. A notice tied to a condition (its
 * `key`, e.g. "the drill lab is broken") is withdrawn when the condition clears.
 */
export interface Notice {
  id: number;
  tone: 'error' | 'info';
  message: string;
  /** The condition this notice reports; withdrawn with it. */
  key?: string;
}

/** How long an info notice stays on screen. Errors have no expiry. */
export const INFO_NOTICE_MS = 6000;

/** At most this many at once: a burst of failures must not bury the screen. */
export const MAX_NOTICES = 4;

/** Adds a notice; one with the same message or the same condition replaces the older one. */
export function addNotice(list: readonly Notice[], notice: Notice): Notice[] {
  const others = list.filter((n) => n.message !== notice.message && (notice.key === undefined || n.key !== notice.key));
  return [...others, notice].slice(-MAX_NOTICES);
}

/** Removes every notice about a condition that no longer holds. */
export function withdrawNotices(list: readonly Notice[], key: string): Notice[] {
  return list.filter((notice) => notice.key !== key);
}

/** Milliseconds until the notice expires by itself, or null when it stays until dismissed. */
export function noticeLifetime(notice: Pick<Notice, 'tone'>): number | null {
  return notice.tone === 'info' ? INFO_NOTICE_MS : null;
}
