import { describe, expect, it } from 'vitest';
import { HostMessageSchema, ParentMessageSchema } from './engine-protocol';

const start = { type: 'start', options: { dataDir: '/data', runbookFolders: [{ dir: '/rb', origin: 'bundled' }], host: 'electron', version: '1.0.0', keychain: true } };

describe('engine host protocol', () => {
  it('accepts every parent message in its documented shape', () => {
    for (const message of [
      start,
      { type: 'call', id: 0, channel: 'terminal:open', payload: { cols: 80, rows: 24 }, context: { transport: 'electron', clientId: '3' } },
      { type: 'viewers', count: 0 },
      { type: 'openLink', id: 4, url: 'firebreak://runbook/x' },
      { type: 'answer', id: 1, ok: true, value: 'secret' },
      { type: 'answer', id: 2, ok: false, error: 'keychain locked' },
      { type: 'shutdown' },
    ]) {
      expect(ParentMessageSchema.parse(message)).toEqual(message);
    }
  });

  it('refuses what the host must not act on: unknown types, extra fields, bad ids, bad contexts and folders', () => {
    for (const message of [
      { type: 'eval', code: '1' },
      { ...start, extra: true },
      { type: 'start', options: { ...start.options, runbookFolders: [{ dir: '/rb', origin: 'trusted' }] } },
      { type: 'call', id: -1, channel: 'app:info', payload: {}, context: { transport: 'electron', clientId: '1' } },
      { type: 'call', id: 1.5, channel: 'app:info', payload: {}, context: { transport: 'electron', clientId: '1' } },
      { type: 'call', id: 1, channel: 'app:info', payload: {}, context: { transport: 'carrier-pigeon', clientId: '1' } },
      { type: 'call', id: 1, channel: 'x'.repeat(101), payload: {}, context: { transport: 'browser', clientId: '1' } },
      { type: 'viewers', count: -1 },
      null,
      'shutdown',
    ]) {
      expect(ParentMessageSchema.safeParse(message).success, JSON.stringify(message)).toBe(false);
    }
  });

  it('accepts every host message, results carrying the contract envelope', () => {
    for (const message of [
      { type: 'ready', warnings: ['w'], problems: [] },
      { type: 'startFailed', message: 'no' },
      { type: 'result', id: 3, envelope: { ok: true, value: { id: 's1' } } },
      { type: 'result', id: 3, envelope: { ok: true, value: undefined } },
      { type: 'result', id: 4, envelope: { ok: false, error: { code: 'not_found', message: 'gone', details: ['a'] } } },
      { type: 'event', channel: 'terminal:output', payload: { sessionId: 's1', data: 'x' } },
      { type: 'ask', id: 0, ask: { question: 'teamPassword' } },
      { type: 'ask', id: 1, ask: { question: 'saveTeamPassword', password: 'p' } },
      { type: 'stopped' },
    ]) {
      expect(HostMessageSchema.parse(message)).toEqual(message);
    }
  });

  it('refuses malformed host messages: an unknown error code, an envelope both ok and failed, an unknown question', () => {
    for (const message of [
      { type: 'result', id: 4, envelope: { ok: false, error: { code: 'teapot', message: 'x' } } },
      { type: 'result', id: 4, envelope: { ok: true, value: 1, error: { code: 'internal', message: 'x' } } },
      { type: 'ask', id: 0, ask: { question: 'rootPassword' } },
      { type: 'ready', warnings: 'w', problems: [] },
    ]) {
      expect(HostMessageSchema.safeParse(message).success, JSON.stringify(message)).toBe(false);
    }
  });
});
