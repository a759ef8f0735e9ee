import { describe, expect, it } from 'vitest';
import { parseEventData, toTimelineEvent } from './timeline';

describe('typed timeline events', () => {
  it('refuses a payload that does not fit its kind, naming the field', () => {
    expect(() => parseEventData('command.manual', { sessionId: 's' } as never)).toThrow(/commandLine/);
  });

  it('maps rows written before events were typed, and keeps a kind it does not know', () => {
    const row = (kind: string, data: unknown) => toTimelineEvent({ seq: 1, incidentId: 'i', ts: '2026-01-01T00:00:00.000Z', kind, actor: 'a', data });
    expect(row('command.manual', { command: 'ls', sessionId: 's', exitCode: 0 })).toMatchObject({ kind: 'command.manual', data: { commandLine: 'ls', exitCode: 0, state: 'finished' } });
    expect(row('drill.inject', { type: 'drill-started', runbookId: 'r', scenario: null, ownerPid: 7, summary: 'x' })).toMatchObject({ kind: 'drill.started', data: { runbookId: 'r', ownerPid: 7 } });
    expect(row('drill.inject', { type: 'fault', summary: 'T+0: fault injected — primary stopped' })).toMatchObject({ kind: 'drill.fault', data: { fault: 'primary stopped' } });
    expect(row('drill.inject', { type: 'message', at: '+1m', message: 'CEO asks', action: null, result: null, summary: 'x' })).toMatchObject({ kind: 'drill.inject', data: { message: 'CEO asks' } });
    expect(row('from.a.newer.version', { summary: 'kept' })).toEqual({
      seq: 1,
      incidentId: 'i',
      ts: '2026-01-01T00:00:00.000Z',
      actor: 'a',
      kind: 'unknown',
      data: { storedKind: 'from.a.newer.version', data: { summary: 'kept' } },
    });
    // A known kind whose data cannot be read as that kind is kept too, never dropped.
    expect(row('note', { text: 42 })).toMatchObject({ kind: 'unknown', data: { storedKind: 'note' } });
  });
});

describe('references between events', () => {
  const row = (kind: string, data: unknown) => ({ seq: 9, uid: 'uid-9', incidentId: 'i', ts: '2024-05-14T03:16:00.000Z', kind, actor: 'a', data });
  const resolve = (seq: number) => (seq === 4 ? 'uid-of-4' : undefined);

  it('maps a seq stored by an earlier version to the global id the resolver knows', () => {
    expect(toTimelineEvent(row('note.edited', { noteId: 'n', text: 't', editOf: 4 }), resolve)).toMatchObject({ kind: 'note.edited', uid: 'uid-9', data: { editOf: 'uid-of-4' } });
    expect(toTimelineEvent(row('event.starred', { seq: 4, starred: true }), resolve)).toMatchObject({ kind: 'event.starred', data: { eventUid: 'uid-of-4', starred: true } });
  });

  it('keeps a seq it cannot resolve (another responder wrote it, or no such event) as an unknown event, never a wrong pointer', () => {
    expect(toTimelineEvent(row('event.starred', { seq: 4, starred: true }))).toMatchObject({ kind: 'unknown', data: { storedKind: 'event.starred' } });
    expect(toTimelineEvent(row('note.edited', { noteId: 'n', text: 't', editOf: 5 }), resolve)).toMatchObject({ kind: 'unknown', data: { storedKind: 'note.edited' } });
  });

  it('reads references already by global id as they are', () => {
    expect(toTimelineEvent(row('event.starred', { eventUid: 'u', starred: false }))).toMatchObject({ kind: 'event.starred', data: { eventUid: 'u', starred: false } });
  });
});
