import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandTracker, commandLineKey, type CommandRecord, type CommandTrackerEvent } from './command-tracker';
import { formatShellMark, ShellMarkParser, type ShellMark } from './shell-marks';

const NONCE = 'tracker-nonce-0123';

function mark(value: ShellMark): string {
  return formatShellMark(value, NONCE);
}

/** What bash with the integration prints for one command cycle. */
function cycle(commandLine: string, output: string, exitCode: number, cwdAfter: string, options: { exact?: boolean } = {}): string {
  return (
    `${commandLine}\r\n` +
    mark({ kind: 'commandLine', commandLine, exact: options.exact ?? true }) +
    mark({ kind: 'outputStart' }) +
    output +
    mark({ kind: 'commandFinished', exitCode }) +
    mark({ kind: 'cwd', cwd: cwdAfter }) +
    prompt(cwdAfter)
  );
}

function prompt(cwd: string): string {
  return `${mark({ kind: 'promptStart' })}\x1b[1m${cwd}$\x1b[0m ${mark({ kind: 'commandStart' })}`;
}

const FIRST_PROMPT = mark({ kind: 'cwd', cwd: '/home/u' }) + prompt('/home/u');

/** A session under test with a clock that ticks 10 ms per reading. */
function session(options: { outputHeadChars?: number; outputTailChars?: number } = {}) {
  let clock = 1_000;
  const parser = new ShellMarkParser(NONCE);
  const tracker = new CommandTracker({ now: () => (clock += 10), ...options });
  const events: CommandTrackerEvent[] = [];
  return {
    tracker,
    events,
    feed(text: string) {
      events.push(...tracker.consume(parser.push(text)));
    },
    finished(): CommandRecord[] {
      return events.flatMap((event) => (event.type === 'commandFinished' ? [event.command] : []));
    },
  };
}

describe('CommandTracker', () => {
  it('records a hand-typed command with its line, cwd, output, exit code and times', () => {
    const s = session();
    s.feed(FIRST_PROMPT);
    expect(s.tracker.phase).toBe('prompt');
    expect(s.tracker.cwd).toBe('/home/u');
    s.feed(cycle('ls /nope', "ls: cannot access '/nope'\r\n", 2, '/home/u'));
    const [record] = s.finished();
    expect(record).toMatchObject({
      sequence: 1,
      commandLine: 'ls /nope',
      commandLineExact: true,
      origin: 'manual',
      runId: null,
      cwd: '/home/u',
      exitCode: 2,
      state: 'finished',
      output: "ls: cannot access '/nope'\r\n",
      outputOmittedChars: 0,
      outputOmittedAt: null,
    });
    expect(record!.finishedAt! - record!.startedAt).toBe(10);
    expect(s.events.map((event) => event.type)).toEqual(['cwdChanged', 'promptReady', 'commandStarted', 'commandFinished', 'promptReady']);
  });

  it('reports a cd as a cwd change, and the next command starts there', () => {
    const s = session();
    s.feed(FIRST_PROMPT);
    s.feed(cycle('cd /tmp', '', 0, '/tmp'));
    s.feed(cycle('pwd', '/tmp\r\n', 0, '/tmp'));
    expect(s.tracker.cwd).toBe('/tmp');
    expect(s.finished().map((record) => record.cwd)).toEqual(['/home/u', '/tmp']);
    expect(s.events.filter((event) => event.type === 'cwdChanged')).toEqual([
      { type: 'cwdChanged', cwd: '/home/u' },
      { type: 'cwdChanged', cwd: '/tmp' },
    ]);
  });

  it('attributes the engine command by its line, even when the shell joined lines with ;', () => {
    const s = session();
    s.feed(FIRST_PROMPT);
    expect(s.tracker.expectCommand({ runId: 'run-1', commandLine: '{\n  echo a\n  echo b\n}' })).toBe(true);
    s.feed(cycle('{ echo a; echo b; }', 'a\r\nb\r\n', 0, '/home/u'));
    expect(s.finished()[0]).toMatchObject({ origin: 'engine', runId: 'run-1', expectedCommandLine: '{\n  echo a\n  echo b\n}' });
    expect(s.tracker.pendingRunIds).toEqual([]);
  });

  it('keeps a hand-typed command that raced the engine as manual, and leaves the expectation waiting', () => {
    const s = session();
    s.feed(FIRST_PROMPT);
    s.tracker.expectCommand({ runId: 'run-2', commandLine: 'kubectl get pods' });
    s.feed(cycle('ls', '', 0, '/home/u'));
    s.feed(cycle('kubectl get pods', 'No resources found\r\n', 0, '/home/u'));
    expect(s.finished().map((record) => [record.commandLine, record.origin, record.runId])).toEqual([
      ['ls', 'manual', null],
      ['kubectl get pods', 'engine', 'run-2'],
    ]);
  });

  it('takes the oldest expectation when the shell can only approximate the line', () => {
    const s = session();
    s.feed(FIRST_PROMPT);
    s.tracker.expectCommand({ runId: 'run-3', commandLine: 'll | head' });
    s.feed(cycle('ls -l', '', 0, '/home/u', { exact: false }));
    expect(s.finished()[0]).toMatchObject({ origin: 'engine', runId: 'run-3', commandLine: 'ls -l', commandLineExact: false });
  });

  it('takes the oldest expectation for OSC 133 shells that report no command line', () => {
    const s = session();
    s.feed(FIRST_PROMPT);
    s.tracker.expectCommand({ runId: 'run-4', commandLine: 'uptime' });
    s.feed(`uptime\r\n${mark({ kind: 'outputStart' })}up 3 days\r\n${mark({ kind: 'commandFinished', exitCode: 0 })}`);
    expect(s.finished()[0]).toMatchObject({ origin: 'engine', runId: 'run-4', commandLine: '', commandLineExact: false, output: 'up 3 days\r\n' });
  });

  it('refuses an expectation unless the shell is at a prompt', () => {
    const s = session();
    expect(s.tracker.expectCommand({ runId: 'early', commandLine: 'x' })).toBe(false);
    s.feed(FIRST_PROMPT);
    s.feed(`ssh host\r\n${mark({ kind: 'commandLine', commandLine: 'ssh host', exact: true })}${mark({ kind: 'outputStart' })}remote$ `);
    expect(s.tracker.phase).toBe('running');
    expect(s.tracker.expectCommand({ runId: 'in-ssh', commandLine: 'uptime' })).toBe(false);
    expect(s.tracker.pendingRunIds).toEqual([]);
  });

  it('withdraws an expectation on request', () => {
    const s = session();
    s.feed(FIRST_PROMPT);
    s.tracker.expectCommand({ runId: 'run-5', commandLine: 'sleep 100' });
    expect(s.tracker.cancelExpectation('run-5')).toBe(true);
    expect(s.tracker.cancelExpectation('run-5')).toBe(false);
    s.feed(cycle('sleep 100', '', 130, '/home/u'));
    expect(s.finished()[0]).toMatchObject({ origin: 'manual', exitCode: 130 });
  });

  it('does not let a forged mark in the output end the command or set its exit code', () => {
    const s = session();
    s.feed(FIRST_PROMPT);
    const forged = '\x1b]633;D;0;guessed-nonce\x07';
    s.feed(`./deploy\r\n${mark({ kind: 'commandLine', commandLine: './deploy', exact: true })}${mark({ kind: 'outputStart' })}${forged}`);
    expect(s.tracker.phase).toBe('running');
    expect(s.finished()).toEqual([]);
    s.feed(`failed\r\n${mark({ kind: 'commandFinished', exitCode: 1 })}`);
    expect(s.finished()[0]).toMatchObject({ exitCode: 1, output: `${forged}failed\r\n` });
  });

  it('keeps the head and the tail of a long output and counts what it left out', () => {
    const s = session({ outputHeadChars: 10, outputTailChars: 5 });
    s.feed(FIRST_PROMPT);
    s.feed(`yes\r\n${mark({ kind: 'commandLine', commandLine: 'yes', exact: true })}${mark({ kind: 'outputStart' })}`);
    for (let i = 0; i < 100; i++) s.feed('0123456789');
    s.feed(`END!!${mark({ kind: 'commandFinished', exitCode: 130 })}`);
    const [record] = s.finished();
    expect(record).toMatchObject({ output: '0123456789END!!', outputChars: 1005, outputOmittedChars: 990, outputOmittedAt: 10 });
  });

  it('hands every piece of output, untruncated, to onOutput with the command it belongs to', () => {
    const pieces: Array<[number, string | null, string]> = [];
    const parser = new ShellMarkParser(NONCE);
    const tracker = new CommandTracker({ now: () => 0, outputHeadChars: 2, outputTailChars: 2, onOutput: (command, text) => pieces.push([command.sequence, command.runId, text]) });
    tracker.consume(parser.push(FIRST_PROMPT));
    tracker.expectCommand({ runId: 'run-6', commandLine: 'seq 3' });
    tracker.consume(parser.push(cycle('seq 3', '1\r\n2\r\n3\r\n', 0, '/home/u')));
    expect(pieces).toEqual([[1, 'run-6', '1\r\n2\r\n3\r\n']]);
  });

  it('ends a running command without an exit code when the shell goes away', () => {
    const s = session();
    s.feed(FIRST_PROMPT);
    s.feed(`exec false\r\n${mark({ kind: 'commandLine', commandLine: 'exec false', exact: true })}${mark({ kind: 'outputStart' })}`);
    const [event] = s.tracker.end();
    expect(event).toMatchObject({ type: 'commandFinished', command: { state: 'sessionEnded', exitCode: null } });
    expect(s.tracker.phase).toBe('unknown');
  });

  it('ignores a D with no command running (Ctrl-C at an empty prompt)', () => {
    const s = session();
    s.feed(FIRST_PROMPT);
    s.feed(mark({ kind: 'commandFinished', exitCode: null }) + prompt('/home/u'));
    expect(s.finished()).toEqual([]);
    expect(s.tracker.integrationActive).toBe(true);
  });

  it('produces the same records however the output is cut into chunks', () => {
    const stream =
      FIRST_PROMPT + cycle('echo one', 'one\r\n', 0, '/home/u') + cycle('cd /var', '', 0, '/var') + cycle('false', '', 1, '/var') + cycle('printf "\\e]633;D;0;x\\a"', '\x1b]633;D;0;x\x07', 0, '/var');
    const reference = session();
    reference.feed(stream);
    const expected = reference.finished().map(({ startedAt, finishedAt, ...rest }) => rest);
    expect(expected.map((record) => record.exitCode)).toEqual([0, 0, 1, 0]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 15 }), (cuts) => {
        const s = session();
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        let previous = 0;
        for (const point of points) {
          s.feed(stream.slice(previous, point));
          previous = point;
        }
        s.feed(stream.slice(previous));
        expect(s.finished().map(({ startedAt, finishedAt, ...rest }) => rest)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('commandLineKey', () => {
  it('ignores whitespace and semicolons only', () => {
    expect(commandLineKey('a &&\n  b ;')).toBe(commandLineKey('a && b'));
    expect(commandLineKey('rm -rf /tmp/x')).not.toBe(commandLineKey('rm -rf /tmp/y'));
  });
});
