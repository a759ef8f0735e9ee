import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isAppUrl } from './app-url';

describe('isAppUrl', () => {
  it("accepts the app's own pages", () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/`)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/assets/index.js?x=1#y`)).toBe(true);
  });

  it('does not rely on URL.origin, which Node reports as "null" for app://', () => {
    // The bug this guards against: comparing origins refused every IPC call in the desktop app.
    expect(new URL(`${APP_ORIGIN}/index.html`).origin).toBe('null');
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
  });

  it('refuses everything else', () => {
    for (const url of [
      'app://firebreak.evil/index.html',
      'app://evil/index.html',
      'app://user:pass@firebreak/index.html',
      'app://firebreak:8080/index.html',
      'file:///etc/passwd',
      'https://firebreak/index.html',
      'http://127.0.0.1:7777/',
      'javascript:alert(1)',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
