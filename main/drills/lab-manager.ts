import fs from 'node:fs';
import path from 'node:path';
import { LAB_SCENARIOS, type LabHealth, type LabScenarioId } from '../../shared/drills/lab-scenarios';
import { createLabDir, defaultLabScriptsDir, removeLabDir } from './lab-dir';
import { assertPortsFree } from './lab-ports';
import { SpawnLabLauncher, type LabLauncher } from './lab-launcher';
import { currentNodeRuntime, LabProcessSet, type LabProcessExit } from './lab-process';
import type { LabContext, LabDefinition } from './lab-types';
import { LAB_DEFINITIONS } from './labs';

/** Options of a LabManager. */
export interface LabManagerOptions {
  /** Where the lab process scripts are; default: main/drills/labs, or resources/drill-labs when packaged. */
  scriptsDir?: string;
  /**
   * How lab processes are started; default: spawned with this process's own
   * Node (SpawnLabLauncher). The desktop app's engine passes a
   * ParentForkLabLauncher: Electron main forks them (lab-launcher.ts).
   */
  launcher?: LabLauncher;
  /** Lab definitions by scenario; tests may replace them. Default: the four bundled labs. */
  definitions?: Partial<Record<LabScenarioId, LabDefinition>>;
}

/** Options of one lab start. */
export interface StartLabOptions {
  /** Told when a lab process ends without being asked to (the lab may no longer be a fair test). */
  onProblem?: (message: string) => void;
}

/** A started lab. Everything it owns lives in `dir` and on 127.0.0.1. */
export interface RunningLab {
  scenario: LabScenarioId;
  /** The lab's temporary directory. The drill shell must start here: every drill-profile path is relative to it. */
  dir: string;
  /**
   * Environment the drill shell needs on top of the runbook's params
   * (FIREBREAK_LAB_DIR, and PATH with the PostgreSQL programs for the database lab).
   */
  env: Record<string, string>;
  /** ISO time the lab became healthy. */
  startedAt: string;
  /** Lab processes that ended unexpectedly, as sentences. */
  readonly problems: readonly string[];
  /** The lab's health check: healthy before inject(), broken after, healthy again once the runbook fixed it. */
  health(): Promise<LabHealth>;
  /** Breaks the lab as its scenario describes; resolves once the fault shows in health(). Only once per lab. */
  inject(): Promise<void>;
  /** Applies a facilitator action (LAB_SCENARIOS[scenario].actions); resolves with what it did. */
  act(action: string): Promise<string>;
  /** Ends every lab process and removes the directory (unless keepDir). Safe to call twice. */
  stop(options?: { keepDir?: boolean }): Promise<void>;
}

/**
 * Starts and stops drill labs. A lab runs on the fixed loopback ports its
 * runbook's drill profile names, so one lab per scenario runs at a time.
 * stop() ends every lab process and what it started, a normal exit of this
 * process kills them, and a crash or SIGKILL of this process makes them exit
 * on their own (each watches its parent).
 */
export class LabManager {
  private readonly scriptsDir: string;
  private readonly launcher: LabLauncher;
  private readonly definitions: Partial<Record<LabScenarioId, LabDefinition>>;
  /** Every lab this manager owns; `lab` is null while the lab is still starting (its port and kill hook are already taken). */
  private readonly labs = new Map<LabScenarioId, { lab: RunningLab | null; kill: () => void }>();
  private readonly onProcessExit = () => this.killAllNow();

  constructor(options: LabManagerOptions = {}) {
    this.scriptsDir = options.scriptsDir ?? defaultLabScriptsDir();
    this.launcher = options.launcher ?? new SpawnLabLauncher(currentNodeRuntime());
    this.definitions = options.definitions ?? LAB_DEFINITIONS;
  }

  /** Labs that are running now (not those still starting). */
  running(): RunningLab[] {
    return [...this.labs.values()].flatMap((entry) => (entry.lab ? [entry.lab] : []));
  }

  /**
   * Sets up the lab in a fresh temporary directory, starts its processes and
   * resolves once it is healthy. Fails with LabPortInUseError when a port is
   * taken, or LabStartError when it does not come up; nothing is left behind.
   */
  async start(scenario: LabScenarioId, options: StartLabOptions = {}): Promise<RunningLab> {
    const definition = this.definitions[scenario];
    if (!definition) throw new Error(`There is no lab for "${scenario}".`);
    if (this.labs.has(scenario)) {
      const dir = this.labs.get(scenario)!.lab?.dir;
      throw new Error(dir ? `The ${scenario} lab is already running in ${dir}; stop it first.` : `The ${scenario} lab is already starting; stop it first.`);
    }
    await assertPortsFree(LAB_SCENARIOS[scenario].ports);

    const dir = createLabDir(scenario);
    const problems: string[] = [];
    const log = (message: string) => {
      try {
        fs.appendFileSync(path.join(dir, 'logs', 'lab.log'), `${new Date().toISOString()} ${message}\n`);
      } catch {
        // The directory is being removed.
      }
    };
    const processes = new LabProcessSet(dir, this.launcher, (exit: LabProcessExit) => {
      const how = exit.error ?? exit.signal ?? `exit code ${exit.code}`;
      const message = `Lab process ${exit.name} (pid ${exit.pid}) ended unexpectedly (${how}); see ${path.join(dir, 'logs', `${exit.name}.log`)}.`;
      problems.push(message);
      log(message);
      options.onProblem?.(message);
    });
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    const ctx: LabContext = { scenario, dir, scriptsDir: this.scriptsDir, processes, log };

    let stopped = false;
    const killNow = () => {
      if (stopped) return;
      stopped = true;
      processes.killAllNow();
      safeCleanUp(definition, ctx);
      removeLabDir(dir);
    };
    this.registerExitHook();
    this.labs.set(scenario, { lab: null, kill: killNow });

    let env: Record<string, string>;
    try {
      env = await definition.start(ctx);
    } catch (error) {
      await processes.stopAll();
      safeCleanUp(definition, ctx);
      removeLabDir(dir);
      this.forget(scenario);
      throw error;
    }

    let injected = false;
    const lab: RunningLab = {
      scenario,
      dir,
      env: { FIREBREAK_LAB_DIR: dir, FIREBREAK_DRILL_LAB: scenario, ...env },
      startedAt: new Date().toISOString(),
      problems,
      health: () => (stopped ? Promise.resolve({ healthy: false, detail: 'the lab is stopped' }) : definition.health(ctx)),
      inject: async () => {
        if (stopped) throw new Error('The lab is stopped.');
        if (injected) throw new Error(`The ${scenario} lab's fault was already injected.`);
        injected = true;
        log('injecting the fault');
        await definition.inject(ctx);
      },
      act: async (action: string) => {
        if (stopped) throw new Error('The lab is stopped.');
        const run = definition.actions?.[action];
        if (!run) throw new Error(`The ${scenario} lab has no action "${action}"${definition.actions ? ` (it has: ${Object.keys(definition.actions).join(', ') || 'none'})` : ''}.`);
        log(`facilitator action: ${action}`);
        return run(ctx);
      },
      stop: async ({ keepDir = false } = {}) => {
        if (stopped) return;
        stopped = true;
        log('stopping the lab');
        await processes.stopAll();
        safeCleanUp(definition, ctx);
        if (!keepDir) removeLabDir(dir);
        this.forget(scenario);
      },
    };
    this.labs.set(scenario, { lab, kill: killNow });
    return lab;
  }

  /** Stops every running lab. */
  async stopAll(): Promise<void> {
    await Promise.all(this.running().map((lab) => lab.stop()));
  }

  /** Synchronous: SIGKILLs every lab process group and removes the directories. For exit handlers. */
  killAllNow(): void {
    for (const entry of this.labs.values()) entry.kill();
    this.labs.clear();
    process.removeListener('exit', this.onProcessExit);
  }

  private registerExitHook(): void {
    if (!process.listeners('exit').includes(this.onProcessExit)) process.on('exit', this.onProcessExit);
  }

  private forget(scenario: LabScenarioId): void {
    this.labs.delete(scenario);
    if (this.labs.size === 0) process.removeListener('exit', this.onProcessExit);
  }
}

function safeCleanUp(definition: LabDefinition, ctx: LabContext): void {
  try {
    definition.cleanUp?.(ctx);
  } catch (error) {
    ctx.log(`clean-up failed: ${(error as Error).message}`);
  }
}
