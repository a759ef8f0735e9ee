import type { DiagnosticCollector } from '../runbook/diagnostic-collector';
import { parseDuration } from '../runbook/duration';
import type { FrontMatter } from '../runbook/front-matter';

/** One label matcher, Prometheus style: `job="postgres"`, `job=~"postgres.*"`, `severity!="info"`, `instance!~"10\\..*"`. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** What a runbook says it answers: an alert name, label matchers, or both. */
export interface RunbookAlertRule {
  name?: string;
  matchers: LabelMatcher[];
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S.*?))\s*$/;

/** Parses one matcher; a string is the problem. */
export function parseMatcher(text: string): LabelMatcher | string {
  const match = MATCHER.exec(text);
  if (!match) return `"${text}" is not a label matcher; write label="value", label=~"regex", label!="value" or label!~"regex".`;
  const op = match[2] as LabelMatcher['op'];
  const value = match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : (match[4] ?? match[5] ?? '');
  if (op === '=~' || op === '!~') {
    try {
      new RegExp(`^(?:${value})$`, 'u');
    } catch {
      return `The regular expression in "${text}" does not compile.`;
    }
  }
  return { label: match[1]!, op, value };
}

/** Whether one matcher holds for a label set (an absent label is the empty string, as in Prometheus). */
export function matcherHolds(matcher: LabelMatcher, labels: Record<string, string>): boolean {
  const actual = labels[matcher.label] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
    case '!~': {
      let regex: RegExp;
      try {
        regex = new RegExp(`^(?:${matcher.value})$`, 'u');
      } catch {
        return false;
      }
      return regex.test(actual) === (matcher.op === '=~');
    }
  }
}

/** The matcher as written back: `job=~"postgres.*"`. */
export function formatMatcher(matcher: LabelMatcher): string {
  return `${matcher.label}${matcher.op}"${matcher.value.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * Reads `alerts:` from front matter without reporting (for matching, where
 * the parse already reported): a list of alert names or
 * `{ name?, matchers? }` entries. Entries that do not read are skipped.
 */
export function alertRulesOf(frontMatter: Record<string, unknown>): RunbookAlertRule[] {
  return readRules(frontMatter.alerts, () => {});
}

/** Reads and checks `alerts:` in front matter, one diagnostic per bad entry (lint and parse). */
export function checkAlertRules(frontMatter: FrontMatter, diagnostics: DiagnosticCollector): void {
  readRules(frontMatter.data.alerts, (path, message) => {
    const at = frontMatter.locate(['alerts', ...path]);
    diagnostics.error('front-matter-field', at.line, at.column, message);
  });
  checkComms(frontMatter, diagnostics);
}

/** `comms: { cadence: { sev1: 15m, sev2: 30m } }`: the status-update reminder per severity (shared/alerts/status-update.ts). */
function checkComms(frontMatter: FrontMatter, diagnostics: DiagnosticCollector): void {
  const comms = frontMatter.data.comms;
  if (comms === undefined) return;
  const problem = (path: string[], message: string) => {
    const at = frontMatter.locate(['comms', ...path]);
    diagnostics.error('front-matter-field', at.line, at.column, message);
  };
  if (comms === null || typeof comms !== 'object' || Array.isArray(comms)) return problem([], 'comms must be a mapping, e.g. comms: { cadence: { sev1: 15m, sev2: 30m } }.');
  for (const [key, value] of Object.entries(comms as Record<string, unknown>)) {
    if (key !== 'cadence') {
      problem([key], `comms has an unknown field "${key}"; only cadence is read.`);
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problem([key], 'comms.cadence must map sev1…sev4 to a duration, e.g. { sev1: 15m }.');
      continue;
    }
    for (const [severity, every] of Object.entries(value as Record<string, unknown>)) {
      if (!/^sev[1-4]$/.test(severity)) problem([key, severity], `comms.cadence.${severity} is not a severity; use sev1, sev2, sev3 or sev4.`);
      else if (!parseDuration(every)) problem([key, severity], `comms.cadence.${severity} must be a duration such as 15m or 1h.`);
    }
  }
}

function readRules(raw: unknown, problem: (path: (string | number)[], message: string) => void): RunbookAlertRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problem([], 'alerts must be a list of alert names or { name, matchers } entries, e.g. [PostgresDown].');
    return [];
  }
  const rules: RunbookAlertRule[] = [];
  raw.forEach((entry: unknown, index) => {
    if (typeof entry === 'string') {
      if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(entry)) problem([index], `alerts[${index}] "${entry}" is not an alert name (letters, digits, _ and :).`);
      else rules.push({ name: entry, matchers: [] });
      return;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problem([index], `alerts[${index}] must be an alert name or a { name, matchers } entry.`);
      return;
    }
    const fields = entry as Record<string, unknown>;
    const unknown = Object.keys(fields).find((key) => key !== 'name' && key !== 'matchers');
    if (unknown) {
      problem([index, unknown], `alerts[${index}] has an unknown field "${unknown}"; use name and matchers.`);
      return;
    }
    const rule: RunbookAlertRule = { matchers: [] };
    if (fields.name !== undefined) {
      if (typeof fields.name !== 'string' || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(fields.name)) {
        problem([index, 'name'], `alerts[${index}].name must be an alert name (letters, digits, _ and :).`);
        return;
      }
      rule.name = fields.name;
    }
    if (fields.matchers !== undefined) {
      const list = Array.isArray(fields.matchers) ? fields.matchers : typeof fields.matchers === 'string' ? [fields.matchers] : null;
      if (!list) {
        problem([index, 'matchers'], `alerts[${index}].matchers must be a list of label matchers such as 'job="postgres"'.`);
        return;
      }
      for (const text of list) {
        const parsed = typeof text === 'string' ? parseMatcher(text) : `alerts[${index}].matchers holds a value that is not text.`;
        if (typeof parsed === 'string') {
          problem([index, 'matchers'], `alerts[${index}].matchers: ${parsed}`);
          return;
        }
        rule.matchers.push(parsed);
      }
    }
    if (!rule.name && rule.matchers.length === 0) {
      problem([index], `alerts[${index}] needs a name or at least one matcher.`);
      return;
    }
    rules.push(rule);
  });
  return rules;
}
