/**
 * Text as HTML character data or an attribute value: the five significant
 * characters are escaped, and C0 controls (which HTML does not allow, and
 * which stray terminal bytes can leave behind) are dropped.
 */
export function escapeHtml(text: string): string {
  let kept = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || code === 0x7f) continue;
    kept += char;
  }
  return kept.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
