/** The app's pages load from app://firebreak/, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'firebreak';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Whether a URL is one of the app's own pages. Compared by scheme and host,
 * not by `URL.origin`: Chromium treats app:// as a standard scheme (it is
 * registered privileged), but Node's URL does not, and gives every app://
 * URL the opaque origin "null".
 */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '' && url.port === '';
}
