import { describe, expect, it } from 'vitest';
import { isMacPlatform, keyLabel } from './key-labels';

describe('shortcut labels', () => {
  it('says Ctrl on Linux and Windows', () => {
    expect(isMacPlatform('Linux x86_64')).toBe(false);
    expect(isMacPlatform('Win32')).toBe(false);
    expect(keyLabel('Ctrl+K', false)).toBe('Ctrl+K');
  });
  it('uses the Mac symbols on macOS', () => {
    expect(isMacPlatform('MacIntel')).toBe(true);
    expect(isMacPlatform('macOS')).toBe(true);
    expect(keyLabel('Ctrl+K', true)).toBe('⌘K');
    expect(keyLabel('Ctrl+Shift+L', true)).toBe('⌘⇧L');
    expect(keyLabel('Ctrl+K · Ctrl+Shift+P', true)).toBe('⌘K · ⌘⇧P');
  });
});
