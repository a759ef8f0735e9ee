/**
 * Text as HTML character data or an attribute value: the five significant
 * characters are escaped, and C0 controls (which HTML does not allow, and
 * which stray terminal bytes can leave behind) are dropped.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '')
    .replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
