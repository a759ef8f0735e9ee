import { protocol } from 'electron';
import { contentSecurityPolicy } from '../../shared/security/content-security-policy';
import { readStaticFile } from '../host/static-files';

import { APP_HOST, APP_SCHEME } from './app-url';

export { APP_HOST, APP_ORIGIN, APP_SCHEME } from './app-url';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer with the strict CSP on every response. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? readStaticFile(rendererDir, url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: {
        'Content-Type': file.contentType,
        'Content-Security-Policy': contentSecurityPolicy(),
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
