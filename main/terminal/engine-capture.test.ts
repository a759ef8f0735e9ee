import { stepHeaderLines, stepHeaderOutput } from '../../shared/terminal/step-header';
/**
 * The engine against real shells: complete capture of every byte of a
 * step's output over repeated runs, and the faults a terminal meets (a
 * shell killed from outside, one without integration, binary output, a huge
 * single line, broken UTF-8, forged marks).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ShellMarkParser } from '../../shared/terminal/shell-marks';
import { EngineHarness, runbookText } from '../steps/step-test-harness';

const harnesses: EngineHarness[] = [];
function engine(shell: string, body: string): EngineHarness {
  const harness = new EngineHarness({ shell, runbook: runbookText('', body) });
  harnesses.push(harness);
  return harness;
}
afterEach(() => {
  harnesses.splice(0).forEach((harness) => harness.dispose());
});

function step(id: string, code: string, attributes = ''): string {
  return `\`\`\`bash {id=${id}${attributes ? ` ${attributes}` : ''}}\n${code}\n\`\`\`\n\n`;
}

describe('complete capture', () => {
  it('records every byte of a step over 50 runs of 100 kB of base64', async () => {
    const h = engine('/bin/bash', step('burst', 'head -c 100000 /dev/urandom | base64 | tee "$HOME/produced.txt"'));
    const session = await h.openSession();
    const produced = path.join(h.home, 'produced.txt');
    for (let run = 0; run < 50; run++) {
      const status = await h.runStep(session, 'burst');
      expect(status.state).toBe('passed');
      // What the command wrote, as the pty shows it (the line discipline turns \n into \r\n).
      const expected = fs.readFileSync(produced, 'latin1').replaceAll('\n', '\r\n');
      const recorded = h.recorded({ runId: status.runId }).toString('latin1');
      expect(expected.length, `run ${run}: the file holds what base64 printed`).toBe(135_091 + 1755);
      // Every byte, in order, in the chunks tagged with this run.
      expect(recorded.includes(expected), `run ${run}: ${recorded.length} bytes recorded`).toBe(true);
      const finished = h.events('step.finished').at(-1)!.data as { transcript: { totalBytes: number } };
      expect(finished.transcript.totalBytes).toBe(expected.length);
    }
  });

  it('records the whole session as the pty produced it: marks out of the viewer, bytes intact in the record', async () => {
    const h = engine('/bin/bash', step('hello', "printf 'caf\\xc3\\xa9\\n'"));
    const session = await h.openSession();
    await h.runStep(session, 'hello');
    const all = h.recorded({ sessionId: session });
    expect(all.includes(Buffer.from('café'))).toBe(true);
    expect(all.toString('latin1')).toContain('\x1b]633;');
    expect(h.screen.get(session)).not.toContain('\x1b]633;');
  });
});

describe("each run's own bytes", () => {
  /** The record without shell-integration marks (the bash integration ends each with BEL), as text. */
  function withoutMarks(bytes: Buffer): string {
    const [head, ...marked] = bytes.toString('latin1').split('\x1b]633;');
    return head + marked.map((piece) => piece.slice(piece.indexOf('\x07') + 1)).join('');
  }

  it('tags exactly the bytes between a run\'s C and D marks with its run id: no prompt, no typed command, no other run', async () => {
    // Each run prints its own number; the typed commands print theirs.
    const counter = 'n=$(cat "$HOME/n" 2>/dev/null || echo 0); n=$((n+1)); echo "$n" > "$HOME/n"; echo "RUN-MARK-$n"';
    const h = engine('/bin/bash', step('mark', counter));
    const session = await h.openSession();
    // Holding this thread while the shell works makes the echoed line, the
    // C mark, the output, the D mark and the next prompt arrive in one read,
    // as they do on a busy machine.
    const holdWhileTheShellWorks = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    const run = async () => {
      const { runId } = await h.steps.run({ runbookId: h.runbook.id, stepId: 'mark', sessionId: session });
      holdWhileTheShellWorks();
      return h.steps.whenDone(runId);
    };
    const first = await run();
    h.terminals.write(session, 'echo TYPED-ONE\r');
    holdWhileTheShellWorks();
    await h.waitFor('the first typed command', () => h.events('command.manual').length === 1);
    const second = await run();
    h.terminals.write(session, 'echo TYPED-TWO\r');
    holdWhileTheShellWorks();
    await h.waitFor('the second typed command', () => h.events('command.manual').length === 2);
    expect(first.state).toBe('passed');
    expect(second.state).toBe('passed');
    // A run's bytes are Firebreak's dimmed header of what runs, then exactly the step's own output.
    const markStep = h.runbook.steps.find((candidate) => candidate.id === 'mark')!;
    const header = stepHeaderOutput(stepHeaderLines({ stepId: 'mark', title: markStep.title, code: markStep.code }));
    expect(withoutMarks(h.recorded({ runId: first.runId }))).toBe(Buffer.from(`${header}RUN-MARK-1\r\n`).toString('latin1'));
    expect(withoutMarks(h.recorded({ runId: second.runId }))).toBe(Buffer.from(`${header}RUN-MARK-2\r\n`).toString('latin1'));
    // Nothing was lost by splitting: the session's rows are still every byte, in order.
    const untagged = h.output.read({ sessionId: session }).filter((chunk) => chunk.runId === null);
    const rest = withoutMarks(Buffer.concat(untagged.map((chunk) => chunk.bytes)));
    expect(rest).toContain('test$ ');
    expect(rest).toContain('TYPED-ONE');
    expect(rest).toContain('TYPED-TWO');
    expect(rest).not.toContain('RUN-MARK-1\r\n');
    expect(rest).not.toContain('RUN-MARK-2\r\n');
  });
});

describe('faults', () => {
  it('binary output, broken UTF-8 split across writes and forged marks: no crash, exit code from the real mark', async () => {
    const body =
      step('binary', 'head -c 20000 /dev/urandom; echo') +
      step('broken-utf8', "printf 'a\\xe2\\x9c'; sleep 0.1; printf '\\x93 b \\xff\\xfe c\\n'") +
      step('forged', "printf '\\033]633;D;0;0123456789abcdef\\007\\033]633;C;forged\\007\\033]133;D;0\\007'; exit_three() { return 3; }; exit_three", 'expect=3');
    const h = engine('/bin/bash', body);
    const session = await h.openSession();
    expect((await h.runStep(session, 'binary')).state).toBe('passed');
    const utf8 = await h.runStep(session, 'broken-utf8');
    expect(utf8.state).toBe('passed');
    await h.waitFor('the joined character', () => h.screen.get(session)?.includes('a✓ b'));
    const forged = await h.runStep(session, 'forged');
    expect(forged).toMatchObject({ state: 'passed', exitCode: 3 });
    // The forged sequences stayed ordinary output.
    const recorded = h.recorded({ runId: forged.runId }).toString('latin1');
    expect(recorded).toContain('\x1b]633;D;0;0123456789abcdef\x07');
  });

  it('a 10 MB single line passes through, the transcript says how much it left out', async () => {
    const h = engine('/bin/bash', step('long-line', "head -c 10000000 /dev/zero | tr '\\0' 'x'; echo"));
    const session = await h.openSession();
    const status = await h.runStep(session, 'long-line');
    expect(status.state).toBe('passed');
    const transcript = (h.events('step.finished').at(-1)!.data as { transcript: { text: string; totalBytes: number; omittedBytes: number; truncated: boolean } }).transcript;
    expect(transcript.totalBytes).toBeGreaterThanOrEqual(10_000_000);
    expect(transcript.truncated).toBe(true);
    expect(transcript.text).toMatch(/bytes of output left out of this transcript/);
    const recorded = h.recorded({ runId: status.runId });
    expect(recorded.length).toBeGreaterThanOrEqual(10_000_000);
  });

  it('a shell killed from outside ends the session and the step with a clear message, and the session restarts', async () => {
    const h = engine('/bin/bash', step('long', 'sleep 300'));
    const session = await h.openSession();
    const { runId } = await h.steps.run({ runbookId: h.runbook.id, stepId: 'long', sessionId: session });
    await h.waitFor('sleep to run', () => h.terminals.get(session).busy);
    process.kill(h.terminals.get(session).pid, 'SIGKILL');
    const status = await h.steps.whenDone(runId);
    expect(status).toMatchObject({ state: 'failed', message: 'The shell exited while the step was running.' });
    const ended = await h.waitFor('session.ended', () => h.events('session.ended')[0]);
    expect(ended.data).toMatchObject({ sessionId: session, signal: 9, message: 'The shell was ended by signal 9 (killed from outside).' });
    expect(h.terminals.get(session)).toMatchObject({ state: 'exited', signal: 9 });
    await expect(h.steps.run({ runbookId: h.runbook.id, stepId: 'long', sessionId: session })).rejects.toMatchObject({ kind: 'conflict' });
    const restarted = h.terminals.restart(session);
    expect(restarted).toMatchObject({ id: session, generation: 2, state: 'running' });
    expect(h.events('session.started').map((event) => event.data.generation)).toEqual([1, 2]);
    // Let the sleep orphan go: it was in its own process group.
    await h.waitFor('the restarted shell', () => h.terminals.canTrack(session));
  });

  it('sh has no integration: it says so, and a step is logged as sent with exit code unknown', async () => {
    const h = engine('/bin/sh', step('plain', 'echo from-sh'));
    const session = await h.openSession();
    const info = h.terminals.get(session);
    expect(info).toMatchObject({ integration: 'unavailable', shellKind: 'posix-sh' });
    expect(info.integrationNote).toMatch(/exit code unknown/);
    const status = await h.runStep(session, 'plain');
    expect(status).toMatchObject({ state: 'unknown', exitCode: null });
    expect(h.events('step.finished')[0]!.data).toMatchObject({ status: 'unknown', expect: { passed: null } });
    await h.waitFor('the output', () => h.screen.get(session)?.includes('from-sh'));
  });

  it('says plainly when the shell or its start directory does not exist, and when it dies right after starting', async () => {
    const h = engine('/bin/bash', step('x', 'true'));
    expect(() => h.terminals.open(80, 24, { shell: '/nonexistent/shell', trustedShell: true })).toThrow('Cannot start the shell "/nonexistent/shell": no such executable');
    expect(() => h.terminals.open(80, 24, { shell: '/usr/bin/env-not-a-shell' })).toThrow(/not one of the shells on this machine/);
    const script = path.join(h.dir, 'dies');
    fs.writeFileSync(script, '#!/bin/sh\necho cannot start >&2\nexit 3\n', { mode: 0o755 });
    const session = h.terminals.open(80, 24, { shell: script, trustedShell: true });
    const ended = await h.waitFor('the early exit', () => h.events('session.ended')[0]);
    expect(ended.data.message).toMatch(/exited right after starting \(code 3\)/);
    expect(h.terminals.get(session.id).endMessage).toMatch(/exited right after starting/);
  });

  it('logs commands typed by hand with exit code, duration and cwd', async () => {
    const h = engine('/bin/zsh', step('x', 'true'));
    const session = await h.openSession();
    h.terminals.write(session, 'cd /tmp && (exit 4)\r');
    const manual = await h.waitFor('command.manual', () => h.events('command.manual')[0]);
    expect(manual.data).toMatchObject({ sessionId: session, commandLine: 'cd /tmp && (exit 4)', exitCode: 4 });
    expect(typeof manual.data.durationMs).toBe('number');
    // Typed commands are not mistaken for a step; a mark parser over the record finds them too.
    const parser = new ShellMarkParser('0123456789abcdef');
    expect(() => parser.push(h.recorded({ sessionId: session }).toString('utf8'))).not.toThrow();
  });
});
