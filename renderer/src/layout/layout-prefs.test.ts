import { describe, expect, it } from 'vitest';
import { DEFAULT_PANE_SIZES, clampPane, parsePaneSizes } from './layout-prefs';

describe('pane sizes', () => {
  it('reads a stored layout, clamping each pane to its bounds', () => {
    expect(parsePaneSizes({ sidebar: 300, timeline: 9999, terminal: 10 })).toEqual({ sidebar: 300, timeline: 640, terminal: 120 });
  });
  it('falls back to the defaults for anything missing or malformed', () => {
    expect(parsePaneSizes(null)).toEqual(DEFAULT_PANE_SIZES);
    expect(parsePaneSizes([1, 2])).toEqual(DEFAULT_PANE_SIZES);
    expect(parsePaneSizes({ sidebar: 'wide', timeline: Number.NaN })).toEqual(DEFAULT_PANE_SIZES);
  });
  it('rounds to whole pixels', () => {
    expect(clampPane('sidebar', 250.6)).toBe(251);
  });
});
