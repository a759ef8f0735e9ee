import { parseDuration } from '../runbook/duration';

/**
 * A facilitator inject: a scripted twist at T+N of a drill. T+0 is the moment
 * the lab's fault is injected. Every inject shows a message to the responder;
 * one with an `action` also changes the lab (when its lab offers that action).
 */
export interface DrillInject {
  /** Milliseconds after T+0. */
  atMs: number;
  /** As written, e.g. "T+2m". */
  at: string;
  message: string;
  /** Name of a lab action (see LabScenario.actions), or null for a message only. */
  action: string | null;
}

/** Injects read from front matter or a drill file, with what was wrong with the rest. */
export interface DrillInjectsParse {
  injects: DrillInject[];
  /** One sentence per problem; entries with problems are left out. */
  problems: string[];
}

/** Most injects one drill may schedule: a facilitator script, not a load test. */
export const MAX_DRILL_INJECTS = 50;
/** Longest message shown to a responder (characters). */
const MAX_MESSAGE_CHARS = 2_000;

/**
 * Reads the time of an inject: "T+2m", "T+90s", "T+1m30s", "2m" or a bare
 * number of seconds. Returns milliseconds after T+0, or undefined.
 */
export function parseInjectTime(value: unknown): number | undefined {
  if (typeof value === 'number') return parseDuration(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/^T\s*\+\s*/i, '');
  return parseDuration(text);
}

/**
 * Reads `{ injects: [{ at, message, action? }] }` — the value of a runbook's
 * `drill` front-matter key, or the whole of a drill file. Never throws; bad
 * entries are reported in `problems` and left out. Sorted by time.
 */
export function parseDrillInjects(value: unknown, where = 'drill'): DrillInjectsParse {
  const problems: string[] = [];
  if (value === undefined || value === null) return { injects: [], problems };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { injects: [], problems: [`${where} must be a mapping with an "injects" list, e.g. drill: { injects: [{ at: "T+2m", message: "…" }] }.`] };
  }
  const raw = (value as Record<string, unknown>).injects;
  for (const key of Object.keys(value)) if (key !== 'injects') problems.push(`${where}.${key} is not a drill setting (only "injects" is).`);
  if (raw === undefined) return { injects: [], problems };
  if (!Array.isArray(raw)) return { injects: [], problems: [...problems, `${where}.injects must be a list.`] };
  if (raw.length > MAX_DRILL_INJECTS) problems.push(`${where}.injects has ${raw.length} entries; only the first ${MAX_DRILL_INJECTS} are used.`);
  const injects: DrillInject[] = [];
  raw.slice(0, MAX_DRILL_INJECTS).forEach((entry: unknown, index) => {
    const label = `${where}.injects[${index}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${label} must be a mapping with "at" and "message".`);
      return;
    }
    const item = entry as Record<string, unknown>;
    const atMs = parseInjectTime(item.at);
    if (atMs === undefined) {
      problems.push(`${label}.at must be a time after the fault such as "T+2m" or "T+90s".`);
      return;
    }
    const action = item.action === undefined || item.action === null ? null : item.action;
    if (action !== null && (typeof action !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(action))) {
      problems.push(`${label}.action must be a lab action name such as "second-intruder-login".`);
      return;
    }
    if (typeof item.message !== 'string' || item.message.trim() === '') {
      problems.push(`${label}.message must be the text shown to the responder.`);
      return;
    }
    injects.push({ atMs, at: `T+${formatInjectTime(atMs)}`, message: item.message.trim().slice(0, MAX_MESSAGE_CHARS), action });
  });
  injects.sort((a, b) => a.atMs - b.atMs);
  return { injects, problems };
}

/** "2m", "1m30s", "45s": the shortest way to write an inject time. */
export function formatInjectTime(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest}s`;
  return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}
