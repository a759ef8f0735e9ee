/**
 * Child process of crash-durability.test.ts: appends timeline events and
 * writes terminal output chunks as fast as it can, printing each event's seq
 * on stdout only after `append` returned (the row is committed). The parent
 * SIGKILLs it mid-stream.
 */
import { OutputRecorder } from '../terminal/output-recorder';
import { EventStore } from './event-store';
import { openDatabase } from './open-database';

const file = process.argv[2]!;
const store = new EventStore(openDatabase(file), 'crash-test');
const outputDb = openDatabase(file);
outputDb.pragma('synchronous = NORMAL');
const output = new OutputRecorder(outputDb, { flushIntervalMs: 5 });
const incident = store.incidentForAction();
const line = Buffer.from(`${'output line with some text '.repeat(4)}\r\n`);
let n = 0;

function tick(): void {
  for (let i = 0; i < 5; i++) output.write('crash-session', 'run-1', line);
  const event = store.append(incident.id, 'command.manual', { commandLine: `echo ${n++}`, commandLineExact: true, exitCode: 0, durationMs: 1, cwd: null, state: 'finished', sessionId: 'crash-session' });
  process.stdout.write(`${event.seq}\n`);
  setImmediate(tick);
}
tick();
