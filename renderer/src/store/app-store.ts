import { create } from 'zustand';
import { createDrillSlice, type DrillSlice } from '../drills/drill-slice';
import { createExecutionSlice, type ExecutionSlice } from './execution-slice';
import { createIncidentSlice, type IncidentSlice } from './incident-slice';
import { createStepRunsSlice, type StepRunsSlice } from './step-runs-slice';
import { createRunContextSlice, type RunContextSlice } from './run-context-slice';
import { createRunbooksSlice, type RunbooksSlice } from './runbooks-slice';
import { createTerminalSlice, type TerminalSlice } from './terminal-slice';
import { createTimelineSlice, type TimelineSlice } from './timeline-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/** UI state only: durable data lives in SQLite behind the contract. */
export type AppState = RunbooksSlice & RunContextSlice & ExecutionSlice & StepRunsSlice & TerminalSlice & TimelineSlice & IncidentSlice & UiSlice & DrillSlice;

export const useAppStore = create<AppState>()((...args) => ({
  ...createRunbooksSlice(...args),
  ...createRunContextSlice(...args),
  ...createExecutionSlice(...args),
  ...createStepRunsSlice(...args),
  ...createTerminalSlice(...args),
  ...createTimelineSlice(...args),
  ...createIncidentSlice(...args),
  ...createUiSlice(...args),
  ...createDrillSlice(...args),
}));
