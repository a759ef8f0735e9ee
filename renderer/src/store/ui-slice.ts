import type { StateCreator } from 'zustand';
import { ContractCallError } from '../../../shared/ipc/envelope';
import type { AppState } from './app-store';

export type Theme = 'dark' | 'light';

export interface Notice {
  id: number;
  tone: 'error' | 'info';
  message: string;
}

export interface UiSlice {
  theme: Theme;
  paletteOpen: boolean;
  notices: Notice[];
  hostConnected: boolean;
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  setPaletteOpen(open: boolean): void;
  reportError(error: unknown): void;
  notify(message: string, tone?: Notice['tone']): void;
  dismissNotice(id: number): void;
  setHostConnected(connected: boolean): void;
}

const THEME_KEY = 'firebreak.theme';

function initialTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'dark' || saved === 'light') return saved;
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

let noticeCounter = 0;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  theme: initialTheme(),
  paletteOpen: false,
  notices: [],
  hostConnected: true,
  setTheme(theme) {
    localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
  toggleTheme() {
    get().setTheme(get().theme === 'dark' ? 'light' : 'dark');
  },
  setPaletteOpen(open) {
    set({ paletteOpen: open });
  },
  reportError(error) {
    const message =
      error instanceof ContractCallError ? error.error.message : error instanceof Error ? error.message : String(error);
    get().notify(message, 'error');
  },
  notify(message, tone = 'info') {
    const notice = { id: ++noticeCounter, tone, message };
    // Keep the last few: a burst of identical failures must not bury the screen.
    set({ notices: [...get().notices.filter((n) => n.message !== message), notice].slice(-4) });
  },
  dismissNotice(id) {
    set({ notices: get().notices.filter((notice) => notice.id !== id) });
  },
  setHostConnected(connected) {
    set({ hostConnected: connected });
  },
});
