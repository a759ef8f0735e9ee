import { describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import type { FirebreakBridge } from '../../../shared/ipc/bridge';
import type { TimelineEvent } from '../../../shared/model/timeline';

const incident = { id: 'inc-1', title: 'Checkout down' };

function event(seq: number, incidentId = incident.id): TimelineEvent {
  return { seq, incidentId, kind: 'note', data: { text: `note ${seq}` } } as unknown as TimelineEvent;
}

describe('timeline slice on first load', () => {
  it('keeps events pushed before loadTimeline knows the incident, and drops those of other incidents', async () => {
    // The transport: incident:active answers only when the test says so (a slow first load).
    let answerActive!: () => void;
    const activeAsked = new Promise<void>((resolve) => {
      const bridge = {
        host: 'electron',
        on: () => () => {},
        invoke: (channel: string) => {
          if (channel === 'incident:active') {
            resolve();
            return new Promise((answer) => (answerActive = () => answer({ ok: true, value: incident })));
          }
          if (channel === 'timeline:list') return Promise.resolve({ ok: true, value: [event(1)] });
          if (channel === 'event:starred') return Promise.resolve({ ok: true, value: [] });
          return Promise.resolve({ ok: false, error: { code: 'not_found', message: channel } });
        },
      } as unknown as FirebreakBridge;
      Object.assign(globalThis, { window: { firebreak: bridge } });
    });
    const { createTimelineSlice } = await import('./timeline-slice');
    const errors: unknown[] = [];
    const store = create<ReturnType<typeof createTimelineSlice> & { reportError(error: unknown): void }>()((set, get, api) => ({
      ...createTimelineSlice(set as never, get as never, api as never),
      reportError: (error: unknown) => errors.push(error),
    }));

    const loading = store.getState().loadTimeline();
    await activeAsked;
    store.getState().receiveEvent(event(2));
    store.getState().receiveEvent(event(3, 'another-incident'));
    answerActive();
    await loading;

    expect(errors).toEqual([]);
    expect(store.getState().events.map((e) => e.seq)).toEqual([1, 2]);
    store.getState().receiveEvent(event(4));
    expect(store.getState().events.map((e) => e.seq)).toEqual([1, 2, 4]);
  });
});

describe('timeline slice stars', () => {
  it('stars the event the star names by global id, whatever its seq here', async () => {
    const bridge = {
      host: 'electron',
      on: () => () => {},
      invoke: (channel: string) => {
        if (channel === 'incident:active') return Promise.resolve({ ok: true, value: incident });
        if (channel === 'timeline:list') return Promise.resolve({ ok: true, value: [{ ...event(1), uid: 'u-a' }, { ...event(7), uid: 'u-b' }] });
        if (channel === 'event:starred') return Promise.resolve({ ok: true, value: [] });
        return Promise.resolve({ ok: false, error: { code: 'not_found', message: channel } });
      },
    } as unknown as FirebreakBridge;
    Object.assign(globalThis, { window: { firebreak: bridge } });
    // A fresh module: the IPC client holds the bridge it first saw.
    vi.resetModules();
    const { createTimelineSlice } = await import('./timeline-slice');
    const store = create<ReturnType<typeof createTimelineSlice> & { reportError(error: unknown): void }>()((set, get, api) => ({
      ...createTimelineSlice(set as never, get as never, api as never),
      reportError: () => undefined,
    }));
    await store.getState().loadTimeline();
    const star = (seq: number, eventUid: string, starred: boolean) =>
      ({ seq, uid: `s-${seq}`, incidentId: incident.id, ts: '', actor: 'bob', kind: 'event.starred', data: { eventUid, starred } }) as TimelineEvent;
    // seq 1 here; the responder who starred it may have numbered it 1 too, or anything else: the uid decides.
    store.getState().receiveEvent(star(8, 'u-b', true));
    expect(store.getState().starred).toEqual([7]);
    store.getState().receiveEvent(star(9, 'u-b', false));
    store.getState().receiveEvent(star(10, 'not-here', true));
    expect(store.getState().starred).toEqual([]);
  });
});
