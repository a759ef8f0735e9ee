/**
 * The renderer's Content-Security-Policy, one definition for both hosts:
 * nothing remote, no inline script, no eval. Inline styles are allowed
 * because xterm.js and React set element styles at run time.
 *
 * @param connectSources extra connect-src entries (the browser host's WebSocket URL).
 */
export function contentSecurityPolicy(connectSources: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${connectSources.map((source) => ` ${source}`).join('')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
