import { describe, expect, it } from 'vitest';
import { isTrustedFrame } from './trusted-frame';

const main = { url: 'app://firebreak/index.html', processId: 4, routingId: 1 };

describe('isTrustedFrame', () => {
  it('trusts the main frame of our window on our own page', () => {
    expect(isTrustedFrame({ ...main }, main)).toBe(true);
  });

  it('refuses a missing sender, another frame, another process, or a foreign page', () => {
    expect(isTrustedFrame(null, main)).toBe(false);
    expect(isTrustedFrame(main, null)).toBe(false);
    expect(isTrustedFrame({ ...main, routingId: 2 }, main)).toBe(false);
    expect(isTrustedFrame({ ...main, processId: 5 }, main)).toBe(false);
    expect(isTrustedFrame({ ...main, url: 'https://example.com/' }, main)).toBe(false);
    expect(isTrustedFrame({ ...main, url: 'app://evil/index.html' }, main)).toBe(false);
  });
});
