import { describe, expect, it } from 'vitest';
import type { OutputSink } from '../terminal/output-recorder';
import { KnownSecretValues } from './known-secret-values';
import { RedactingOutputSink } from './redacting-output-sink';

function collecting(): OutputSink & { text(): string; writes: number } {
  const parts: string[] = [];
  return {
    writes: 0,
    write(_sessionId, _runId, bytes) {
      this.writes++;
      parts.push(bytes.toString('utf8'));
    },
    flush() {},
    text: () => parts.join(''),
  };
}

describe('RedactingOutputSink', () => {
  it('passes bytes through untouched while the setting is off and no secret is known', () => {
    const inner = collecting();
    const sink = new RedactingOutputSink(inner, () => false, new KnownSecretValues());
    sink.write('s', null, Buffer.from('password=hunter22 plain\n'));
    expect(inner.text()).toBe('password=hunter22 plain\n');
  });

  it('always masks a known secret value, even split across chunks and with the setting off', () => {
    const inner = collecting();
    const secrets = new KnownSecretValues();
    const sink = new RedactingOutputSink(inner, () => false, secrets);
    secrets.add(['tok-abcdef-123456', 'ab']);
    sink.write('s', 'run-1', Buffer.from('token=tok-abc'));
    sink.write('s', 'run-1', Buffer.from('\x1b[1mdef-123456\x1b[0m password=hunter22\n'));
    sink.flush();
    expect(inner.text()).not.toContain('tok-abc');
    expect(inner.text()).toContain('[REDACTED:secret-param]');
    // Patterns are the setting's business; a too-short "secret" is ignored.
    expect(inner.text()).toContain('password=hunter22');
    expect(secrets.values()).toEqual(['tok-abcdef-123456']);
  });

  it('uses the text the terminal already decoded (no second decoder): a character split across a run boundary is stored whole', () => {
    const inner = collecting();
    const secrets = new KnownSecretValues();
    secrets.add(['tok-abcdef-123456']);
    const sink = new RedactingOutputSink(inner, () => false, secrets);
    const bytes = Buffer.from('café tok-abcdef-123456\n');
    const split = bytes.indexOf(0xc3) + 1;
    // As TerminalService hands them over: its one decoder holds the half character until the next read.
    sink.write('s', 'run-1', bytes.subarray(0, split), 'caf');
    sink.write('s', null, bytes.subarray(split), 'é tok-abcdef-123456\n');
    sink.flush();
    expect(inner.text()).toBe('café [REDACTED:secret-param]\n');
  });
});
