import { describe, expect, it } from 'vitest';
import { HostMessageSchema, LabScriptMessageSchema, LabScriptReplySchema, ParentMessageSchema } from './engine-protocol';

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

  const labFork = { type: 'labFork', id: 3, name: 'supervisor', script: '/tmp/lab/.lab/supervisor.cjs', args: ['/tmp/lab', '18080'], cwd: '/tmp/lab', env: { PATH: '/usr/bin' }, logFile: '/tmp/lab/logs/supervisor.log' };

  it('carries drill lab forks: labFork up, labForked or labForkFailed and labExit down, and the start option that asks for them', () => {
    expect(HostMessageSchema.parse(labFork)).toEqual(labFork);
    expect(HostMessageSchema.parse({ ...labFork, script: 'C:\\lab\\supervisor.cjs' }).type).toBe('labFork');
    for (const message of [
      { type: 'labForked', id: 3, pid: 4242 },
      { type: 'labForkFailed', id: 3, message: 'supervisor could not be forked' },
      { type: 'labExit', id: 3, code: 0, signal: null },
      { type: 'labExit', id: 3, code: null, signal: 'SIGKILL' },
      { type: 'start', options: { ...start.options, labs: 'parent' } },
    ]) {
      expect(ParentMessageSchema.parse(message)).toEqual(message);
    }
  });

  it('refuses lab forks it must not act on: relative paths, extra fields, bad env, pids and signals', () => {
    for (const message of [
      { ...labFork, script: 'supervisor.cjs' },
      { ...labFork, cwd: '../elsewhere' },
      { ...labFork, logFile: '' },
      { ...labFork, name: '' },
      { ...labFork, env: { PATH: 1 } },
      { ...labFork, args: '--inspect' },
      { ...labFork, execArgv: ['--inspect'] },
      { ...labFork, id: -1 },
    ]) {
      expect(HostMessageSchema.safeParse(message).success, JSON.stringify(message)).toBe(false);
    }
    for (const message of [
      { type: 'labForked', id: 3, pid: 0 },
      { type: 'labForked', id: 3, pid: 1.5 },
      { type: 'labExit', id: 3, code: 0, signal: 'rm -rf' },
      { type: 'labExit', id: 3, code: 0 },
      { type: 'labForkFailed', id: 3 },
      { type: 'start', options: { ...start.options, labs: 'system-node' } },
    ]) {
      expect(ParentMessageSchema.safeParse(message).success, JSON.stringify(message)).toBe(false);
    }
  });

  it("checks a lab script's requests for a Node child and the parent's replies", () => {
    const fork = { type: 'labChildFork', id: 0, script: '/tmp/lab/current/server.cjs', args: [], cwd: '/tmp/lab', env: { PORT: '18080' }, logFile: '/tmp/lab/logs/web.log' };
    expect(LabScriptMessageSchema.parse(fork)).toEqual(fork);
    for (const message of [{ ...fork, script: 'server.cjs' }, { ...fork, type: 'labFork' }, { ...fork, env: { PORT: 18080 } }, { ...fork, extra: 1 }, null]) {
      expect(LabScriptMessageSchema.safeParse(message).success, JSON.stringify(message)).toBe(false);
    }
    for (const reply of [{ type: 'labChildForked', id: 0, pid: 7 }, { type: 'labChildForkFailed', id: 0, message: 'no' }, { type: 'labChildExit', id: 0, code: null, signal: 'SIGTERM' }]) {
      expect(LabScriptReplySchema.parse(reply)).toEqual(reply);
    }
    expect(LabScriptReplySchema.safeParse({ type: 'labChildForked', id: 0, pid: -7 }).success).toBe(false);
  });
});
