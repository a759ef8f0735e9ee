import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { utilityProcessPort, type UtilityProcessLike } from './utility-process-port';

/** A stand-in for Electron's UtilityProcess: an emitter that records what was posted. */
class FakeUtilityProcess extends EventEmitter implements UtilityProcessLike {
  posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

describe('utility process port (the app transport of the engine host)', () => {
  it('holds messages until the process has spawned, then sends them in order', () => {
    const child = new FakeUtilityProcess();
    const port = utilityProcessPort(child);
    port.send({ type: 'start' });
    port.send({ type: 'viewers', count: 1 });
    expect(child.posted).toEqual([]);
    child.emit('spawn');
    port.send({ type: 'shutdown' });
    expect(child.posted).toEqual([{ type: 'start' }, { type: 'viewers', count: 1 }, { type: 'shutdown' }]);
  });

  it('passes messages from the host to its listener', () => {
    const child = new FakeUtilityProcess();
    const port = utilityProcessPort(child);
    const seen: unknown[] = [];
    port.onMessage((message) => seen.push(message));
    child.emit('message', { type: 'ready', warnings: [], problems: [] });
    expect(seen).toEqual([{ type: 'ready', warnings: [], problems: [] }]);
  });

  it('reports the exit once, saying whether the process ever started, and drops later sends', () => {
    const child = new FakeUtilityProcess();
    const port = utilityProcessPort(child);
    const exits: string[] = [];
    port.onExit((why) => exits.push(why));
    child.emit('exit', 9);
    child.emit('exit', 9);
    port.send({ type: 'start' });
    child.emit('spawn');
    expect(exits).toEqual(['it could not be started (exit code 9)']);
    expect(child.posted).toEqual([]);

    const second = new FakeUtilityProcess();
    const running = utilityProcessPort(second);
    const told: string[] = [];
    running.onExit((why) => told.push(why));
    second.emit('spawn');
    second.emit('exit', 1);
    expect(told).toEqual(['it exited with code 1']);
    running.kill();
    expect(second.killed).toBe(true);
  });
});
