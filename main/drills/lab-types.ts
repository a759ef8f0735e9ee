import type { LabHealth, LabScenarioId } from '../../shared/drills/lab-scenarios';
import type { LabProcessSet } from './lab-process';

/** What a lab definition gets while it sets up, starts and breaks its lab. */
export interface LabContext {
  scenario: LabScenarioId;
  /** Absolute path of the lab's fresh temporary directory. */
  dir: string;
  /** Absolute path of the folder holding the lab process scripts (*.cjs) to copy in. */
  scriptsDir: string;
  /** Starts and tracks the lab's long-running processes (through the lab's launcher; each watches its parent). */
  processes: LabProcessSet;
  /** Appends a line to the lab's own log (logs/lab.log), for the facilitator and post-mortems. */
  log(message: string): void;
}

/** One lab: how to build it, start it, check it, break it and take it down. */
export interface LabDefinition {
  scenario: LabScenarioId;
  /**
   * Writes the lab's files into `ctx.dir`, starts its processes and resolves
   * once the lab is healthy. Returns extra environment variables the drill
   * shell needs (for example PATH with the PostgreSQL programs).
   */
  start(ctx: LabContext): Promise<Record<string, string>>;
  /** The lab's health check; never throws. */
  health(ctx: LabContext): Promise<LabHealth>;
  /** Breaks the lab the way the scenario describes; resolves once the fault is observable. */
  inject(ctx: LabContext): Promise<void>;
  /**
   * Stops anything the lab's processes could not stop themselves (for example
   * PostgreSQL servers a responder started from the drill shell). Called
   * after every tracked process has been ended with its tree; synchronous, so it
   * also runs from a process exit handler.
   */
  cleanUp?(ctx: LabContext): void;
  /**
   * Facilitator twists by name (names and descriptions in LAB_SCENARIOS'
   * `actions`). Each changes the running lab and resolves with a sentence
   * saying what it did.
   */
  actions?: Readonly<Record<string, (ctx: LabContext) => Promise<string>>>;
}
