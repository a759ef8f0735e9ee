/**
 * Shortcut labels in the platform's own words: "Ctrl+K" on Linux and
 * Windows, "⌘K" on macOS (where Cmd does what Ctrl does elsewhere). The key
 * handlers accept Ctrl or Cmd everywhere; only the wording changes.
 */
export function isMacPlatform(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

const MAC_SYMBOLS: Record<string, string> = { Ctrl: '⌘', Shift: '⇧', Alt: '⌥', Enter: '↩' };

/** `Ctrl+Shift+L` → `⌘⇧L` on macOS, unchanged elsewhere. Several shortcuts may be joined with " · ". */
export function keyLabel(shortcut: string, mac: boolean): string {
  if (!mac) return shortcut;
  return shortcut
    .split(' · ')
    .map((combo) =>
      combo
        .split('+')
        .map((part) => MAC_SYMBOLS[part] ?? part)
        .join(''),
    )
    .join(' · ');
}

/** This browser's platform (navigator.userAgentData where there is one). */
function currentPlatform(): string {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return nav.userAgentData?.platform || nav.platform || '';
}

export const onMac = typeof navigator !== 'undefined' && isMacPlatform(currentPlatform());

/** The label for this platform. */
export function shortcut(keys: string): string {
  return keyLabel(keys, onMac);
}
