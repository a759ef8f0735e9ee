import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LAB_SCENARIOS } from '../../shared/drills/lab-scenarios';
import { type EngineStartOptions, ParentMessageSchema } from '../../shared/ipc/engine-protocol';
import { probe } from '../drills/http-probe';
import { ParentForkLabLauncher } from '../drills/lab-launcher';
import { LabManager, type RunningLab } from '../drills/lab-manager';
import { removeLabDir } from '../drills/lab-dir';
import { withLabLock } from '../drills/testing/lab-lock';
import { labLeftovers } from '../drills/testing/lab-leftovers';
import { waitUntil } from '../drills/wait-until';
import { listProcesses } from '../terminal/process-group';
import { bundledRunbooksDir } from '../platform/app-root';
import { EngineClient } from './engine-client';
import { engineHostEntry } from './engine-entry';
import type { EngineProcessPort } from './engine-port';
import { LabForker } from './lab-forker';
import { forkNodeEngine } from './node-engine-port';
import { nodeLabFork } from './node-lab-fork';

/**
 * Drill labs forked by the engine's parent, as in the packaged app, with
 * everything but Electron real: the engine's ParentForkLabLauncher sends
 * `labFork` over the engine protocol (every message structured-cloned and
 * checked by its schema on arrival, as a port would carry it) to an
 * EngineClient, which hands it to a LabForker forking with child_process.fork
 * (its IPC channel standing in for Electron's parentPort). The crash lab runs
 * for real: its supervisor asks the parent, through lab-node-child.cjs, to
 * fork each release server.
 */
const CRASH_PORTS = LAB_SCENARIOS['crash-and-rollback'].ports;
const HEALTH_URL = `http://127.0.0.1:${CRASH_PORTS[0]}/healthz`;
const START_OPTIONS: EngineStartOptions = { dataDir: '/nowhere', runbookFolders: [], host: 'electron', version: 'test', labs: 'parent' };

interface ForkedLabs {
  manager: LabManager;
  forker: LabForker;
  launcher: ParentForkLabLauncher;
  /** Messages the forker logged (malformed requests). */
  logged: string[];
  /** The engine process "exits": its client tells the forker. */
  engineGone(): void;
  /** Delivers a raw message from the engine host to its client (the parent). */
  hostSends(message: unknown): void;
}

const cleanUps: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
});

/** The engine's side and the parent's, joined by an in-memory port that clones and delivers messages asynchronously. */
function forkedLabs(withForker = true): ForkedLabs {
  const logged: string[] = [];
  const forker = new LabForker({ fork: nodeLabFork, transport: 'ipc', log: (message) => logged.push(message), graceMs: 2_000 });
  const toClient: ((message: unknown) => void)[] = [];
  const exitListeners: ((why: string) => void)[] = [];
  const port: EngineProcessPort = {
    // Parent → host: what engine-host.ts does with it (checked, lab replies to the launcher).
    send: (message) =>
      setImmediate(() => {
        const parsed = ParentMessageSchema.safeParse(structuredClone(message));
        if (!parsed.success) throw new Error(`the parent sent a malformed message: ${JSON.stringify(message)}`);
        const reply = parsed.data;
        if (reply.type === 'labForked' || reply.type === 'labForkFailed' || reply.type === 'labExit') launcher.receive(reply);
      }),
    onMessage: (listener) => toClient.push(listener),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => {},
  };
  const client = new EngineClient(port, START_OPTIONS, { log: (message) => logged.push(message), ...(withForker ? { labForker: forker } : {}) });
  // Declared after the port: messages are delivered asynchronously, once it exists.
  const launcher = new ParentForkLabLauncher((request) => setImmediate(() => toClient.forEach((listener) => listener(structuredClone(request)))));
  const manager = new LabManager({ launcher });
  let gone = false;
  const engineGone = () => {
    if (gone) return;
    gone = true;
    for (const listener of exitListeners) listener('it was killed');
  };
  cleanUps.push(async () => {
    await manager.stopAll();
    engineGone();
    await forker.stopAll();
    await client.shutdown(100).catch(() => {});
  });
  return { manager, forker, launcher, logged, engineGone, hostSends: (message) => toClient.forEach((listener) => listener(structuredClone(message))) };
}

/** The live process `pid` (not a zombie), with its parent and group; undefined when it is gone. */
function processEntry(pid: number) {
  return listProcesses()?.find((entry) => entry.pid === pid);
}

function webPid(lab: RunningLab): number | undefined {
  const text = fs.readFileSync(path.join(lab.dir, 'run', 'web.pid'), 'utf8').trim();
  return text ? Number(text) : undefined;
}

async function waitGone(pids: number[], timeoutMs = 15_000): Promise<void> {
  await waitUntil(
    () => (pids.every((pid) => !processEntry(pid)) ? true : undefined),
    timeoutMs,
    () => `still running: ${pids.filter((pid) => processEntry(pid)).join(', ')}`,
    100,
  );
}

describe('drill labs forked by the engine parent', () => {
  it(
    'runs the crash lab: it answers on its port, a killed server is restarted through the parent, and stop leaves no process',
    () =>
      withLabLock('crash-and-rollback', async () => {
        const { manager, forker } = forkedLabs();
        const lab = await manager.start('crash-and-rollback');
        expect((await probe(HEALTH_URL, 2000)).status).toBe(200);
        expect(await lab.health()).toMatchObject({ healthy: true });

        // The supervisor was forked by the parent: not a detached group leader, its parent this (the parent's) process.
        const [supervisor] = forker.pids();
        expect(supervisor).toBeDefined();
        expect(processEntry(supervisor!)).toMatchObject({ ppid: process.pid });
        expect(processEntry(supervisor!)!.pgid).not.toBe(supervisor);
        // Its release server was forked by the parent too, at the supervisor's request, not spawned by the supervisor.
        const first = webPid(lab)!;
        expect(processEntry(first)).toMatchObject({ ppid: process.pid });

        process.kill(first, 'SIGKILL');
        const second = await waitUntil(
          async () => {
            const now = webPid(lab);
            return now && now !== first && (await probe(HEALTH_URL, 1000)).status === 200 ? now : undefined;
          },
          15_000,
          () => `the supervisor did not restart the server: ${fs.readFileSync(path.join(lab.dir, 'logs', 'supervisor.log'), 'utf8')}`,
        );
        expect(processEntry(second)).toMatchObject({ ppid: process.pid });
        expect(lab.problems).toEqual([]);
        // The parent wrote the processes' output to the lab's logs.
        expect(fs.readFileSync(path.join(lab.dir, 'logs', 'supervisor.log'), 'utf8')).toMatch(new RegExp(`started release v1 as pid ${second}`));
        expect(fs.readFileSync(path.join(lab.dir, 'logs', 'web.log'), 'utf8')).toMatch(/listening on 127\.0\.0\.1:18080/);

        const dir = lab.dir;
        await lab.stop({ keepDir: true });
        try {
          for (const pid of [supervisor!, first, second]) expect(processEntry(pid), `pid ${pid}`).toBeUndefined();
          expect(forker.pids()).toEqual([]);
          expect(labLeftovers(dir, CRASH_PORTS)).toEqual({ processes: [], ports: [] });
        } finally {
          removeLabDir(dir);
        }
      }),
    120_000,
  );

  it(
    'ends the children forked for a lab process that was killed outright, and the lab reports the loss',
    () =>
      withLabLock('crash-and-rollback', async () => {
        const { manager, forker } = forkedLabs();
        const lab = await manager.start('crash-and-rollback');
        const [supervisor] = forker.pids();
        const server = webPid(lab)!;
        process.kill(supervisor!, 'SIGKILL');
        await waitGone([supervisor!, server]);
        await waitUntil(() => (lab.problems.length > 0 ? true : undefined), 10_000, () => 'no problem was reported');
        expect(lab.problems[0]).toMatch(/^Lab process supervisor \(pid \d+\) ended unexpectedly \(SIGKILL\)/);
        await lab.stop();
      }),
    120_000,
  );

  it(
    'ends every lab it forked when the engine process is gone',
    () =>
      withLabLock('crash-and-rollback', async () => {
        const { manager, forker, launcher, engineGone } = forkedLabs();
        const lab = await manager.start('crash-and-rollback');
        const pids = [...forker.pids(), webPid(lab)!];
        engineGone();
        await waitGone(pids);
        expect(labLeftovers(lab.dir, CRASH_PORTS)).toEqual({ processes: [], ports: [] });
        // A dead engine hears nothing more from its parent: what it still waits for counts as ended.
        launcher.abandonAll('the engine is gone');
        expect(lab.problems).toEqual([expect.stringMatching(/supervisor .*ended unexpectedly \(the engine is gone\)/)]);
        await lab.stop();
      }),
    120_000,
  );

  it(
    'ends every forked lab process when the parent is SIGKILLed (their watchdogs see it go)',
    () =>
      withLabLock('crash-and-rollback', async () => {
        const fixture = path.join(__dirname, 'testing', 'forked-lab-host-fixture.ts');
        const parent = spawn(process.execPath, ['--import', 'tsx', fixture, 'crash-and-rollback'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        parent.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        cleanUps.push(() => Promise.resolve(void parent.kill('SIGKILL')));
        const { dir, pids } = await waitUntil(
          () => {
            const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
            return line ? (JSON.parse(line) as { dir: string; pids: number[] }) : undefined;
          },
          60_000,
          () => `the fixture did not start the lab: ${stderr}`,
        );
        cleanUps.push(() => Promise.resolve(removeLabDir(dir)));
        expect(pids).toHaveLength(2);
        for (const pid of pids) expect(processEntry(pid), `pid ${pid}`).toMatchObject({ ppid: parent.pid });
        parent.kill('SIGKILL');
        await waitGone(pids);
        await waitUntil(
          () => {
            const found = labLeftovers(dir, CRASH_PORTS);
            return found.processes.length === 0 && found.ports.length === 0 ? true : undefined;
          },
          15_000,
          () => `lab processes outlived their parent: ${JSON.stringify(labLeftovers(dir, CRASH_PORTS))}`,
        );
      }),
    120_000,
  );

  it(
    "an engine host started with labs: 'parent' has its drill's lab forked by the parent, and ending the drill ends it",
    () =>
      withLabLock('crash-and-rollback', async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-forked-drill-'));
        const home = path.join(root, 'home');
        fs.mkdirSync(home);
        fs.writeFileSync(path.join(home, '.bashrc'), 'PS1="drill$ "\n');
        const forker = new LabForker({ fork: nodeLabFork, transport: 'ipc', graceMs: 2_000 });
        const { entry, execArgv } = engineHostEntry();
        const port = forkNodeEngine(entry, { execArgv, env: { ...process.env, HOME: home }, cwd: home });
        const client = new EngineClient(
          port,
          { dataDir: path.join(root, 'data'), runbookFolders: [{ dir: bundledRunbooksDir(), origin: 'bundled' }], host: 'browser', version: 'test', shell: '/bin/bash', watchRunbooks: false, labs: 'parent' },
          { labForker: forker },
        );
        cleanUps.push(async () => {
          await client.shutdown(15_000).catch(() => {});
          await forker.stopAll();
          fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
        });
        const context = { transport: 'browser', clientId: 'test' } as const;
        const started = await client.dispatch('drill:start', { runbookId: 'crash-and-rollback' }, context);
        expect(started, JSON.stringify(started)).toMatchObject({ ok: true });
        const [supervisor] = forker.pids();
        expect(supervisor).toBeDefined();
        // Forked by the parent (this process), not spawned by the engine host.
        expect(processEntry(supervisor!)).toMatchObject({ ppid: process.pid });
        expect((await probe(HEALTH_URL, 2000)).status).not.toBe(200);
        expect(await client.dispatch('drill:end', { outcome: 'abandoned' }, context)).toMatchObject({ ok: true });
        await waitGone([supervisor!]);
        expect(forker.pids()).toEqual([]);
      }),
    120_000,
  );

  it('reports a lab process the parent cannot fork, and a parent without a forker refuses', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-forker-'));
    cleanUps.push(() => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })));
    const request = { name: 'nothing', script: path.join(dir, 'missing.cjs'), args: [], cwd: dir, env: { PATH: process.env.PATH ?? '' }, logFile: path.join(dir, 'nothing.log') };

    const missing = forkedLabs().launcher.launch(request);
    const exit = await new Promise((resolve) => missing.onExit(resolve));
    expect(exit).toMatchObject({ code: 1 });

    const refused = forkedLabs(false).launcher.launch(request);
    await expect(refused.started).rejects.toThrow('This host does not fork lab processes.');
  });

  it('the parent drops a malformed labFork from the engine and forks nothing', async () => {
    const { forker, logged, hostSends } = forkedLabs();
    hostSends({ type: 'labFork', id: 0, name: 'x', script: 'relative.cjs', args: [], cwd: '/tmp', env: {}, logFile: '/tmp/x.log' });
    hostSends({ type: 'labFork', id: 1, name: 'x', script: '/bin/true', args: [], cwd: '/tmp', env: {}, logFile: '/tmp/x.log', execArgv: ['--inspect'] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(logged).toEqual([
      expect.stringMatching(/a malformed message from the engine was dropped \(must be an absolute path\)/),
      expect.stringMatching(/a malformed message from the engine was dropped/),
    ]);
    expect(forker.pids()).toEqual([]);
  });

  it('drops a malformed request from a lab script and serves a good one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-forker-'));
    cleanUps.push(() => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })));
    fs.writeFileSync(path.join(dir, 'child.cjs'), "'use strict';\nconsole.log(`child ${process.argv[2]}`);\n");
    fs.writeFileSync(
      path.join(dir, 'asker.cjs'),
      [
        "'use strict';",
        "const path = require('node:path');",
        "const base = { args: ['ok'], cwd: __dirname, env: { PATH: process.env.PATH || '' }, logFile: path.join(__dirname, 'child.log') };",
        "process.send({ type: 'labChildFork', id: 1, script: 'child.cjs', ...base });",
        "process.send({ type: 'labChildFork', id: 2, script: path.join(__dirname, 'child.cjs'), ...base });",
        "process.on('message', (message) => { console.log(JSON.stringify(message)); if (message.type === 'labChildExit') process.exit(0); });",
      ].join('\n'),
    );
    const { launcher, logged } = forkedLabs();
    const asker = launcher.launch({ name: 'asker', script: path.join(dir, 'asker.cjs'), args: [], cwd: dir, env: { PATH: process.env.PATH ?? '' }, logFile: path.join(dir, 'asker.log') });
    expect(await new Promise((resolve) => asker.onExit(resolve))).toEqual({ code: 0, signal: null });
    expect(logged).toEqual([expect.stringMatching(/a malformed message from lab process asker was dropped \(must be an absolute path\)/)]);
    const replies = fs.readFileSync(path.join(dir, 'asker.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; id: number });
    expect(replies.map((reply) => [reply.type, reply.id])).toEqual([
      ['labChildForked', 2],
      ['labChildExit', 2],
    ]);
    expect(fs.readFileSync(path.join(dir, 'child.log'), 'utf8')).toBe('child ok\n');
  });
});

describe('a fork answered too late', () => {
  it('the launcher gave up on it and the lab went on: when the parent reports it forked after all, that process is ended', async () => {
    const sent: Array<{ id: number }> = [];
    const launcher = new ParentForkLabLauncher((request) => sent.push(request), { forkAnswerTimeoutMs: 100 });
    const handle = launcher.launch({ name: 'supervisor', script: '/x/supervisor.cjs', args: [], cwd: '/x', env: {}, logFile: '/x/supervisor.log' });
    await expect(handle.started).rejects.toThrow(/the parent did not fork supervisor within 0.1 s/);
    // The parent's fork starts at last: a real process nobody in the engine tracks.
    const late = spawn('sleep', ['1009'], { stdio: 'ignore' });
    await new Promise((resolve) => late.once('spawn', resolve));
    const ended = new Promise<NodeJS.Signals | null>((resolve) => late.once('exit', (_code, signal) => resolve(signal)));
    launcher.receive({ type: 'labForked', id: sent[0]!.id, pid: late.pid! });
    expect(await ended).toBe('SIGTERM');
    expect(handle.pid).toBeUndefined();
  });
});
