import { create } from 'zustand';
import { createExecutionSlice, type ExecutionSlice } from './execution-slice';
import { createRunContextSlice, type RunContextSlice } from './run-context-slice';
import { createRunbooksSlice, type RunbooksSlice } from './runbooks-slice';
import { createTerminalSlice, type TerminalSlice } from './terminal-slice';
import { createTimelineSlice, type TimelineSlice } from './timeline-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/** UI state only: durable data lives in SQLite behind the contract. */
export type AppState = RunbooksSlice & RunContextSlice & ExecutionSlice & TerminalSlice & TimelineSlice & UiSlice;

export const useAppStore = create<AppState>()((...args) => ({
  ...createRunbooksSlice(...args),
  ...createRunContextSlice(...args),
  ...createExecutionSlice(...args),
  ...createTerminalSlice(...args),
  ...createTimelineSlice(...args),
  ...createUiSlice(...args),
}));
