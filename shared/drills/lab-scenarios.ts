/**
 * The four drill labs Firebreak can start, and what each one promises the
 * runbook that drills against it. The values (ports, step ids) come from the
 * `drill` profiles of the bundled runbooks in runbooks/*.md; the labs must
 * agree with them, and lab tests prove they do.
 */

/** Id of a lab; equal to the id of the bundled runbook it is built for. */
export type LabScenarioId = 'crash-and-rollback' | 'database-outage' | 'security-breach' | 'denial-of-service';

/** What the UI, the headless drill runner and the report need to know about a lab. */
export interface LabScenario {
  id: LabScenarioId;
  /** Id of the bundled runbook whose `drill` profile targets this lab. */
  runbookId: string;
  title: string;
  /** One sentence: what the injector breaks. */
  fault: string;
  /** Loopback TCP ports the lab listens on; all must be free before it starts. */
  ports: number[];
  /**
   * Runbook step ids that repair the lab. Skipping them leaves it broken;
   * running the runbook with them heals it (its health check passes).
   */
  fixingStepIds: string[];
  /**
   * Twists a facilitator inject may apply to the running lab (a drill's
   * `injects[].action`), by name, with what each does.
   */
  actions: Readonly<Record<string, string>>;
}

/** Every lab, keyed by id. Ports and step ids mirror the runbooks' drill profiles. */
export const LAB_SCENARIOS: Readonly<Record<LabScenarioId, LabScenario>> = {
  'crash-and-rollback': {
    id: 'crash-and-rollback',
    runbookId: 'crash-and-rollback',
    title: 'Crash lab: a supervised web service with versioned releases',
    fault: 'Release v2 is deployed and crashes on start; the supervisor restarts it in a loop.',
    ports: [18080],
    fixingStepIds: ['roll-back'],
    actions: {},
  },
  'database-outage': {
    id: 'database-outage',
    runbookId: 'database-outage',
    title: 'Database lab: a PostgreSQL primary, a streaming replica, backups and an app',
    fault: 'The PostgreSQL primary crashes (immediate stop); the app can no longer write.',
    ports: [15432, 15433, 18060],
    fixingStepIds: ['promote-replica', 'point-app-at-replica'],
    actions: {},
  },
  'security-breach': {
    id: 'security-breach',
    runbookId: 'security-breach',
    title: 'Intrusion lab: a host with auth and access logs, SSH keys and a token API',
    fault: 'A suspicious login, an unknown SSH key and a leaked token used from 203.0.113.66 appear.',
    ports: [18070],
    fixingStepIds: ['revoke-token', 'remove-unknown-keys'],
    actions: { 'intruder-retries': 'The intruder comes back: new failed SSH logins from 203.0.113.66 appear in logs/auth.log.' },
  },
  'denial-of-service': {
    id: 'denial-of-service',
    runbookId: 'denial-of-service',
    title: 'Flood lab: a reverse proxy with rate limits and a block list in front of a small service',
    fault: 'A bounded loopback load generator floods the proxy from a few 203.0.113.x addresses.',
    ports: [18090],
    fixingStepIds: ['apply-rate-limit', 'block-at-proxy'],
    actions: {},
  },
};

/** Lab ids in a stable order (for lists and CLI help). */
export const LAB_SCENARIO_IDS: readonly LabScenarioId[] = ['crash-and-rollback', 'database-outage', 'security-breach', 'denial-of-service'];

/** Whether a string names a lab (for example, a runbook id). */
export function isLabScenarioId(value: string): value is LabScenarioId {
  return (LAB_SCENARIO_IDS as readonly string[]).includes(value);
}

/** What a lab's health check found: healthy means the scenario is repaired (or never broken). */
export interface LabHealth {
  healthy: boolean;
  /** A short human sentence, e.g. "HTTP 503: overloaded (412 req/s, capacity 100)". */
  detail: string;
}
