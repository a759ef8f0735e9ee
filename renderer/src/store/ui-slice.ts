import type { StateCreator } from 'zustand';
import { ContractCallError } from '../../../shared/ipc/envelope';
import { addNotice, noticeLifetime, withdrawNotices, type Notice } from '../app/notice-list';
import type { AppState } from './app-store';

export type Theme = 'dark' | 'light';

export type { Notice };

export interface UiSlice {
  theme: Theme;
  paletteOpen: boolean;
  notices: Notice[];
  hostConnected: boolean;
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  setPaletteOpen(open: boolean): void;
  reportError(error: unknown): void;
  /** Shows a notice; `key` ties it to a condition, withdrawn with withdrawNotice(key) when it clears. */
  notify(message: string, tone?: Notice['tone'], key?: string): void;
  dismissNotice(id: number): void;
  withdrawNotice(key: string): void;
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
  notify(message, tone = 'info', key) {
    const notice: Notice = { id: ++noticeCounter, tone, message, ...(key ? { key } : {}) };
    set({ notices: addNotice(get().notices, notice) });
    const lifetime = noticeLifetime(notice);
    if (lifetime !== null) setTimeout(() => get().dismissNotice(notice.id), lifetime);
  },
  dismissNotice(id) {
    set({ notices: get().notices.filter((notice) => notice.id !== id) });
  },
  withdrawNotice(key) {
    if (get().notices.some((notice) => notice.key === key)) set({ notices: withdrawNotices(get().notices, key) });
  },
  setHostConnected(connected) {
    set({ hostConnected: connected });
  },
});
