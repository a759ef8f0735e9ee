import type { StateCreator } from 'zustand';
import type { IncidentSummary } from '../../../shared/ipc/channels/incident-channels';
import type { TimelineEvent } from '../../../shared/model/timeline';
import { call } from '../ipc/bridge';
import type { AppState } from './app-store';

/** Which events the timeline shows. */
export type TimelineFilter = 'all' | 'steps' | 'commands' | 'notes' | 'status' | 'starred';

/** What the note composer is doing: a new note, or a new version of one. */
export type NoteDraft = { mode: 'new' } | { mode: 'edit'; noteId: string; text: string };

/** Terminal output the read-only viewer shows: a step run's or a whole session's. */
export interface OutputTarget {
  title: string;
  runId?: string;
  sessionId?: string;
}

export interface TimelineSlice {
  /** The active incident: the one the timeline shows and new events go to. */
  incident: IncidentSummary | null;
  events: TimelineEvent[];
  /** Sequence numbers of starred events of the active incident, ascending. */
  starred: number[];
  timelineFilter: TimelineFilter;
  /** An event to scroll to and highlight (search hit, jump). */
  revealSeq: number | null;
  noteDraft: NoteDraft | null;
  outputTarget: OutputTarget | null;
  loadTimeline(): Promise<void>;
  /** A committed event arrived from main; duplicates (after a reload race) are ignored. */
  receiveEvent(event: TimelineEvent): void;
  setTimelineFilter(filter: TimelineFilter): void;
  toggleStar(seq: number): Promise<void>;
  openNoteComposer(draft: NoteDraft): void;
  closeNoteComposer(): void;
  /** Saves the composer's note (new, or a new version); true when committed. */
  saveNote(text: string): Promise<boolean>;
  revealEvent(seq: number | null): void;
  openOutput(target: OutputTarget | null): void;
}

/** Events per timeline:list page; the channel's maximum. */
const PAGE_SIZE = 5000;

/** Events held while the timeline loads; more than this many would be a burst the reload catches anyway. */
const MAX_HELD_EVENTS = 5000;

export const createTimelineSlice: StateCreator<AppState, [], [], TimelineSlice> = (set, get) => {
  // Events that arrive while a load is under way may belong to the incident it is about to return
  // (incident still null on first load, or a switch): held, then replayed once it is known.
  let loads = 0;
  let held: TimelineEvent[] = [];
  return {
    incident: null,
    events: [],
    starred: [],
    timelineFilter: 'all',
    revealSeq: null,
    noteDraft: null,
    outputTarget: null,
    async loadTimeline() {
      loads++;
      try {
        const incident = await call('incident:active', {});
        const events: TimelineEvent[] = [];
        for (let afterSeq = 0; ; ) {
          const page = await call('timeline:list', { incidentId: incident.id, afterSeq, limit: PAGE_SIZE });
          events.push(...page);
          if (page.length < PAGE_SIZE) break;
          afterSeq = page[page.length - 1]!.seq;
        }
        const starred = await call('event:starred', { incidentId: incident.id });
        const sameIncident = get().incident?.id === incident.id;
        set({
          incident,
          events: mergeEvents(sameIncident ? get().events : [], events),
          starred,
          ...(sameIncident ? {} : { revealSeq: null, noteDraft: null }),
        });
      } catch (error) {
        get().reportError(error);
      } finally {
        loads--;
        if (loads === 0) {
          const replay = held;
          held = [];
          for (const event of replay) get().receiveEvent(event);
        }
      }
    },
    receiveEvent(event) {
      const incident = get().incident;
      if (!incident || (loads > 0 && event.incidentId !== incident.id)) {
        if (held.length < MAX_HELD_EVENTS) held.push(event);
        return;
      }
      if (event.incidentId !== incident.id) return;
      const update: Partial<TimelineSlice> = { events: mergeEvents(get().events, [event]) };
      // The star names its target by global id; this window lists events by local seq.
      const target = event.kind === 'event.starred' ? update.events!.find((candidate) => candidate.uid === event.data.eventUid) : undefined;
      if (event.kind === 'event.starred' && target) {
        const seq = target.seq;
        const others = get().starred.filter((s) => s !== seq);
        update.starred = event.data.starred === true ? [...others, seq].sort((a, b) => a - b) : others;
      }
      set(update);
    },
    setTimelineFilter(filter) {
      set({ timelineFilter: filter });
    },
    async toggleStar(seq) {
      const starred = !get().starred.includes(seq);
      try {
        // The star shows once 'event.starred' is committed and comes back (receiveEvent).
        await call('event:star', { seq, starred });
      } catch (error) {
        get().reportError(error);
      }
    },
    openNoteComposer(draft) {
      set({ noteDraft: draft });
    },
    closeNoteComposer() {
      set({ noteDraft: null });
    },
    async saveNote(text) {
      const draft = get().noteDraft;
      const incident = get().incident;
      if (!draft || !incident || !text.trim()) return false;
      try {
        const event =
          draft.mode === 'new'
            ? await call('note:add', { incidentId: incident.id, text })
            : await call('note:edit', { incidentId: incident.id, noteId: draft.noteId, text });
        get().receiveEvent(event);
        set({ noteDraft: null });
        return true;
      } catch (error) {
        get().reportError(error);
        return false;
      }
    },
    revealEvent(seq) {
      set({ revealSeq: seq, ...(seq !== null ? { timelineFilter: 'all' as const } : {}) });
    },
    openOutput(target) {
      set({ outputTarget: target });
    },
  };
};

function mergeEvents(current: TimelineEvent[], incoming: TimelineEvent[]): TimelineEvent[] {
  const bySeq = new Map(current.map((event) => [event.seq, event]));
  for (const event of incoming) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
