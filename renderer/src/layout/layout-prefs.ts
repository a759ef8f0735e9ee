/**
 * The workspace's pane sizes, remembered per user through the settings
 * contract (`settings:preferences`, key `layout`). Pure: clamping and parsing
 * only, so the same rules hold for dragging, keys and a stored value.
 */
export interface PaneSizes {
  /** Runbook library width, px. */
  sidebar: number;
  /** Timeline width, px. */
  timeline: number;
  /** Terminal height, px. */
  terminal: number;
}

export type Pane = keyof PaneSizes;

export const LAYOUT_PREFERENCE_KEY = 'layout';

export const DEFAULT_PANE_SIZES: PaneSizes = { sidebar: 240, timeline: 300, terminal: 220 };

/** Bounds for each pane, px; the CSS clamps again against the window so the document always keeps room. */
export const PANE_LIMITS: Record<Pane, { min: number; max: number }> = {
  sidebar: { min: 160, max: 480 },
  timeline: { min: 220, max: 640 },
  terminal: { min: 120, max: 900 },
};

export function clampPane(pane: Pane, size: number): number {
  const { min, max } = PANE_LIMITS[pane];
  return Math.round(Math.max(min, Math.min(max, size)));
}

/** A stored `layout` preference, or the defaults for whatever is missing or malformed. */
export function parsePaneSizes(value: unknown): PaneSizes {
  const sizes = { ...DEFAULT_PANE_SIZES };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return sizes;
  for (const pane of Object.keys(sizes) as Pane[]) {
    const candidate = (value as Record<string, unknown>)[pane];
    if (typeof candidate === 'number' && Number.isFinite(candidate)) sizes[pane] = clampPane(pane, candidate);
  }
  return sizes;
}
