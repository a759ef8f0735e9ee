import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf } from '../../shared/ipc/contract';
import { Unavailable } from '../../shared/model/domain-errors';
import { EventHub } from '../services/event-hub';
import { HIGH_WATERMARK_CHARS } from './flow-control';
import { BATCH_MAX_CHARS } from './output-batcher';
import { TerminalService } from './terminal-service';
import { waitFor } from '../testing/wait-for';

const services: TerminalService[] = [];

function makeService(extra: Partial<ConstructorParameters<typeof TerminalService>[0]> = {}) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-pty-'));
  fs.writeFileSync(path.join(home, '.bashrc'), 'PS1="test$ "\n');
  const hub = new EventHub();
  let output = '';
  const exits: EventOf<'terminal:exit'>[] = [];
  hub.subscribe((channel, payload) => {
    if (channel === 'terminal:output') output += (payload as EventOf<'terminal:output'>).data;
    if (channel === 'terminal:exit') exits.push(payload as EventOf<'terminal:exit'>);
  });
  const service = new TerminalService({ hub, shell: '/bin/bash', login: false, cwd: home, env: { ...process.env, HOME: home }, ...extra });
  services.push(service);
  return { service, hub, home, output: () => output, exits };
}

afterEach(() => {
  services.splice(0).forEach((service) => service.dispose());
});

describe('TerminalService on a real pty', () => {
  it('runs a real shell: input goes in, output comes out, state persists between commands', async () => {
    const { service, output } = makeService();
    const session = service.open(80, 24);
    expect(session).toMatchObject({ shell: '/bin/bash', state: 'running', cols: 80, rows: 24 });
    await waitFor(() => output().includes('test$'), 'the prompt');
    service.write(session.id, 'export GREETING=persisted\r');
    service.write(session.id, 'echo "value=$GREETING"\r');
    await waitFor(() => output().includes('value=persisted'), 'the echoed value');
  });

  it('records every raw byte, including multi-byte characters split across chunks', async () => {
    const raw: Buffer[] = [];
    const { service, output } = makeService({ onRawOutput: (_id, bytes) => raw.push(Buffer.from(bytes)) });
    const session = service.open(80, 24);
    await waitFor(() => output().includes('test$'), 'the prompt');
    service.write(session.id, "printf 'caf\\xc3\\xa9 \\xe2\\x9c\\x93 done\\n'\r");
    await waitFor(() => output().includes('café ✓ done'), 'the UTF-8 output');
    const decoded = Buffer.concat(raw).toString('utf8');
    expect(decoded).toContain('café ✓ done');
    expect(output()).not.toContain('\ufffd');
  });

  it('wakes a wait for readiness at the next change of the session (its prompt, its exit), not at the time limit', async () => {
    const { service } = makeService();
    const session = service.open(80, 24);
    // A limit far past the test's own timeout: only the shell's prompt (integration marks) can end this wait in time.
    const hour = 3_600_000;
    while (!service.canTrack(session.id)) await service.nextChange(session.id, hour);
    expect(service.canTrack(session.id)).toBe(true);
    const exited = service.nextChange(session.id, hour);
    service.write(session.id, 'exit 0\r');
    await exited;
  });

  it('reports the shell exiting with its code, and refuses input afterwards with a clear message', async () => {
    const { service, output, exits } = makeService();
    const session = service.open(80, 24);
    await waitFor(() => output().includes('test$'), 'the prompt');
    service.write(session.id, 'exit 7\r');
    await waitFor(() => exits.length === 1, 'the exit event');
    expect(exits[0]).toMatchObject({ sessionId: session.id, exitCode: 7 });
    expect(service.get(session.id)).toMatchObject({ state: 'exited', exitCode: 7 });
    expect(() => service.write(session.id, 'echo\r')).toThrow(/has exited \(code 7\)/);
  });

  it('resizes the pty', async () => {
    const { service, output } = makeService();
    const session = service.open(80, 24);
    await waitFor(() => output().includes('test$'), 'the prompt');
    service.resize(session.id, 132, 40);
    service.write(session.id, 'stty size\r');
    await waitFor(() => output().includes('40 132'), 'the new size');
  });

  it('replays recent output to a viewer that reattaches', async () => {
    const { service, output } = makeService();
    const session = service.open(80, 24);
    await waitFor(() => output().includes('test$'), 'the prompt');
    service.write(session.id, 'echo replay-me\r');
    await waitFor(() => output().includes('replay-me\r\n'), 'the output');
    expect(service.attach(session.id).replay).toContain('replay-me');
  });

  it('pauses a flooding program until the viewer acknowledges, and Ctrl-C still stops it', async () => {
    const { service, output } = makeService();
    const session = service.open(80, 24);
    await waitFor(() => output().includes('test$'), 'the prompt');
    service.write(session.id, 'yes flood\r');
    await waitFor(() => output().length > HIGH_WATERMARK_CHARS, 'the flood');
    // Nobody acknowledges: output must stop growing (bounded by the high watermark plus one batch in flight).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const plateau = output().length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(output().length).toBe(plateau);
    // What was sent unacknowledged is bounded: the high watermark plus at most one batch.
    expect(plateau).toBeLessThanOrEqual(HIGH_WATERMARK_CHARS + BATCH_MAX_CHARS + 10_000);
    service.write(session.id, '\x03');
    service.attach(session.id);
    await waitFor(() => /test\$ $/.test(output().slice(-20)), 'the prompt after Ctrl-C', 15_000);
  });

  it('a large cat is paused without acknowledgements, resumes when they come, and Ctrl-C answers at once', async () => {
    const { service, output, home } = makeService();
    const big = path.join(home, 'big.txt');
    fs.writeFileSync(big, `${'0123456789'.repeat(9)}\n`.repeat(300_000));
    const session = service.open(80, 24);
    await waitFor(() => output().includes('test$'), 'the prompt');
    service.write(session.id, `cat ${big}\r`);
    await waitFor(() => output().length > HIGH_WATERMARK_CHARS, 'the output');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const plateau = output().length;
    expect(plateau).toBeLessThanOrEqual(HIGH_WATERMARK_CHARS + BATCH_MAX_CHARS + 10_000);
    // The viewer catches up: output flows again.
    service.acknowledge(session.id, plateau);
    await waitFor(() => output().length > plateau + HIGH_WATERMARK_CHARS / 2, 'more output after the acknowledgement');
    service.write(session.id, '\x03');
    service.attach(session.id);
    await waitFor(() => /test\$ $/.test(output().slice(-20)), 'the prompt after Ctrl-C', 15_000);
  });

  it('with no viewer connected, output counts as acknowledged: a paused shell resumes and runs to the end', async () => {
    const { service, output, home } = makeService();
    const big = path.join(home, 'big.txt');
    fs.writeFileSync(big, `${'0123456789'.repeat(9)}\n`.repeat(30_000));
    const session = service.open(80, 24);
    await waitFor(() => output().includes('test$'), 'the prompt');
    service.write(session.id, `cat ${big}; echo "end-of-$((6*7))"\r`);
    await waitFor(() => output().length > HIGH_WATERMARK_CHARS, 'the output');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(output()).not.toContain('end-of-42');
    // The tab closed or the tunnel dropped: nobody is left to acknowledge.
    service.setViewerCount(0);
    await waitFor(() => output().includes('end-of-42'), 'the rest of the output with no viewer', 20_000);
    // A viewer comes back: flow control counts again from zero, and pauses the next flood.
    service.setViewerCount(1);
    const before = output().length;
    service.write(session.id, 'yes flood\r');
    await waitFor(() => output().length > before + HIGH_WATERMARK_CHARS, 'the flood');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const plateau = output().length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(output().length).toBe(plateau);
    service.write(session.id, '\x03');
    service.attach(session.id);
    await waitFor(() => /test\$ $/.test(output().slice(-20)), 'the prompt after Ctrl-C', 15_000);
  });

  it('says which shell could not be started', () => {
    const { service } = makeService({ shell: '/nonexistent/shell' });
    expect(() => service.open(80, 24)).toThrow(Unavailable);
    expect(() => service.open(80, 24)).toThrow('Cannot start the shell "/nonexistent/shell"');
    expect(service.list()).toEqual([]);
  });

  it('names a missing session', () => {
    const { service } = makeService();
    expect(() => service.write('missing', 'x')).toThrow(/No terminal session missing/);
  });
});
