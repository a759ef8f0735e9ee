/**
 * A disk slower than the program printing (here: another connection holds
 * the database's write lock) pauses the sessions' ptys instead of blocking
 * the thread that serves the window and IPC (issue 10, finding 4), and
 * nothing is lost once the disk catches up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../services/event-hub';
import { openDatabase } from '../store/open-database';
import { waitFor } from '../testing/wait-for';
import { OutputRecorder } from './output-recorder';
import { TerminalService } from './terminal-service';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const FLOOD_BYTES = 20_000_000;
const MAX_IN_FLIGHT = 256 * 1024;

describe('recording back-pressure', () => {
  it('pauses the pty while the recorder is behind, keeps the thread free, and records every byte', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-backpressure-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    fs.writeFileSync(path.join(dir, '.bashrc'), 'PS1="bp$ "\n');
    const databasePath = path.join(dir, 'firebreak.sqlite3');
    openDatabase(databasePath).close();
    const recorder = OutputRecorder.inWorker(openDatabase(databasePath), databasePath, { ownsDatabase: true, maxInFlightBytes: MAX_IN_FLIGHT, maxPendingBytes: 64 * 1024 });
    cleanups.push(() => recorder.close());
    let shown = '';
    const hub = new EventHub();
    hub.subscribe((channel, payload) => {
      if (channel === 'terminal:output') shown = (shown + (payload as { data: string }).data).slice(-4000);
    });
    const terminals = new TerminalService({ hub, shell: '/bin/bash', login: false, cwd: dir, env: { ...process.env, HOME: dir }, output: recorder, acknowledge: 'auto' });
    cleanups.push(() => terminals.dispose());
    const session = terminals.open(120, 30);
    await waitFor(() => shown.includes('bp$'), 'the prompt');

    // The writer's transactions wait for this lock (its busy timeout is 5 s): the disk is "slow".
    const blocker = new Database(databasePath);
    blocker.exec('BEGIN IMMEDIATE');
    terminals.write(session.id, `head -c ${FLOOD_BYTES} /dev/zero | tr '\\0' x | fold -w 100; echo FLOOD-DONE\r`);
    // These awaits run at all only because nothing blocks the thread.
    await waitFor(() => recorder.backedUp(), 'the recorder to fall behind');
    let mostInFlight = 0;
    let turns = 0;
    const sampler = setInterval(() => {
      turns++;
      mostInFlight = Math.max(mostInFlight, recorder.inFlightByteCount);
    }, 5);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    clearInterval(sampler);
    // The program was held at its pty: what is in hand stays near the limit, far below the flood.
    expect(turns).toBeGreaterThan(20);
    expect(mostInFlight).toBeLessThan(4 * 1024 * 1024);
    expect(shown).not.toContain('FLOOD-DONE');

    blocker.exec('COMMIT');
    blocker.close();
    await waitFor(() => shown.includes('FLOOD-DONE'), 'the flood to finish once the disk catches up', 60_000);
    // Runs of x only: the echoed command line holds single x's of its own.
    const text = Buffer.concat(recorder.read({ sessionId: session.id }).map((row) => row.bytes)).toString('latin1');
    const recorded = (text.match(/x{2,}/g) ?? []).reduce((sum, run) => sum + run.length, 0);
    expect(recorded).toBe(FLOOD_BYTES);
    expect(recorder.lostByteCount).toBe(0);
  }, 90_000);
});
