import { create } from 'zustand';
import { call } from '../ipc/bridge';
import { DEFAULT_PANE_SIZES, LAYOUT_PREFERENCE_KEY, clampPane, parsePaneSizes, type Pane, type PaneSizes } from './layout-prefs';

interface LayoutState {
  sizes: PaneSizes;
  /** Reads the remembered sizes (settings contract). */
  loadLayout(): Promise<void>;
  /** Another window or tab saved a layout. */
  layoutChanged(value: unknown): void;
  /** Resizes a pane now; `remember` saves the result for next time (end of a drag, a key press). */
  resizePane(pane: Pane, size: number, remember: boolean): void;
}

/** Pane sizes live apart from the app store: they change at pointer speed while dragging. */
export const useLayoutStore = create<LayoutState>()((set, get) => ({
  sizes: DEFAULT_PANE_SIZES,
  async loadLayout() {
    try {
      const { found, value } = await call('settings:getPreference', { key: LAYOUT_PREFERENCE_KEY });
      if (found) set({ sizes: parsePaneSizes(value) });
    } catch {
      // The defaults are a fine layout; a failed read must not block the workspace.
    }
  },
  layoutChanged(value) {
    set({ sizes: parsePaneSizes(value) });
  },
  resizePane(pane, size, remember) {
    const sizes = { ...get().sizes, [pane]: clampPane(pane, size) };
    set({ sizes });
    if (remember) void call('settings:setPreference', { key: LAYOUT_PREFERENCE_KEY, value: { ...sizes } }).catch(() => {});
  },
}));
