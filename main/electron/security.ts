import { app, session, shell } from 'electron';
import { isAppUrl } from './app-url';

/** Only these schemes ever leave the app, and only to the system browser. */
const EXTERNAL_SCHEMES = new Set(['https:', 'http:', 'mailto:']);

/** Opens a link outside the app after parsing it; anything unparsable or of another scheme is dropped. */
export function openExternalSafely(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return;
  }
  if (EXTERNAL_SCHEMES.has(url.protocol)) void shell.openExternal(url.toString());
}

/**
 * Electron's security checklist for every web contents the app creates:
 * no navigation away from the app, no new windows, no permission grants,
 * no webviews.
 */
export function hardenWebContents(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) {
        event.preventDefault();
        openExternalSafely(url);
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
