import type { Runbook, RunbookParam } from '../model/runbook';
import { validateParamValue } from '../runbook/params';
import { indexForSearch, searchRunbooks } from '../runbook/search-runbooks';
import type { ReceivedAlert } from './parse-alert';
import { alertRulesOf, formatMatcher, matcherHolds } from './runbook-alerts';
import { SERVICE_LABELS } from './alert-incident';

/** A runbook suggested for an alert, with why. */
export interface RunbookSuggestion {
  runbookId: string;
  title: string;
  /** Higher is better; only the order means anything. */
  score: number;
  /** How it matched, strongest first: 'alert-name', 'label-matchers', 'search'. */
  match: 'alert-name' | 'label-matchers' | 'search';
  /** Plain sentences: "declares alert PostgresDown", "its matchers job=~\"postgres.*\" hold". */
  reasons: string[];
  /** Params filled from the alert's labels (`from_label`). */
  params: FilledParams;
}

/** Param values read from an alert's labels, and what could not be used. */
export interface FilledParams {
  /** Param name → value, only for params that declare `from_label` and whose label is present and valid. */
  values: Record<string, string>;
  /** Param name → the label it came from (after any transform), for the form's "from alert" hint. */
  sources: Record<string, string>;
  /** Param name → why the label's value was not used. */
  errors: Record<string, string>;
}

type MatchableRunbook = Pick<Runbook, 'id' | 'title' | 'summary' | 'tags' | 'services' | 'headings' | 'source' | 'frontMatter' | 'params'>;

const SCORE = { name: 1000, matchers: 500, searchCap: 99 } as const;

/**
 * Ranks runbooks for an alert: those declaring its exact name first, then
 * those whose label matchers all hold, then the library's own search over
 * the alert's name words and services. Each suggestion says why and
 * carries the params its labels fill.
 */
export function suggestRunbooks(runbooks: readonly MatchableRunbook[], alert: ReceivedAlert, limit = 5): RunbookSuggestion[] {
  const suggestions = new Map<string, RunbookSuggestion>();
  for (const runbook of runbooks) {
    let best: Omit<RunbookSuggestion, 'runbookId' | 'title' | 'params'> | null = null;
    for (const rule of alertRulesOf(runbook.frontMatter)) {
      if (rule.name && rule.name !== alert.alertname) continue;
      if (!rule.matchers.every((matcher) => matcherHolds(matcher, alert.labels))) continue;
      const matchers = rule.matchers.map(formatMatcher).join(', ');
      const candidate = rule.name
        ? {
            score: SCORE.name + rule.matchers.length,
            match: 'alert-name' as const,
            reasons: [`declares alert ${rule.name}${matchers ? ` with ${matchers}` : ''}`],
          }
        : { score: SCORE.matchers + rule.matchers.length, match: 'label-matchers' as const, reasons: [`its label matchers hold: ${matchers}`] };
      if (!best || candidate.score > best.score) best = candidate;
    }
    if (best) suggestions.set(runbook.id, { runbookId: runbook.id, title: runbook.title, ...best, params: fillParamsFromLabels(runbook.params, alert.labels) });
  }
  const query = searchQueryFor(alert);
  if (query) {
    const entries = runbooks.map((runbook) => ({ id: runbook.id, entry: indexForSearch(runbook) }));
    const byId = new Map(runbooks.map((runbook) => [runbook.id, runbook]));
    // Any word may match: the alert's words are not a query a person typed.
    for (const term of query) {
      for (const hit of searchRunbooks(entries, term, 20)) {
        const runbook = byId.get(hit.id)!;
        const existing = suggestions.get(hit.id);
        const reason = `search: "${term}" in its ${hit.fields.filter((field) => field !== 'text').join(', ') || 'text'}`;
        if (existing) {
          if (existing.match === 'search') {
            existing.score = Math.min(SCORE.searchCap, existing.score + hit.score);
            existing.reasons.push(reason);
          }
          continue;
        }
        // Only the title, tags, services, id or summary count: a word somewhere in a command is not a reason.
        if (!hit.fields.some((field) => field === 'title' || field === 'tags' || field === 'services' || field === 'id' || field === 'summary')) continue;
        suggestions.set(hit.id, {
          runbookId: hit.id,
          title: runbook.title,
          score: Math.min(SCORE.searchCap, hit.score),
          match: 'search',
          reasons: [reason],
          params: fillParamsFromLabels(runbook.params, alert.labels),
        });
      }
    }
  }
  return [...suggestions.values()].sort((a, b) => b.score - a.score || a.runbookId.localeCompare(b.runbookId)).slice(0, Math.max(0, limit));
}

/** Words to search for: the alert name split at capitals (PostgresReplicationLag → postgres, replication, lag) and the service labels. */
export function searchQueryFor(alert: ReceivedAlert): string[] {
  const words = alert.alertname
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase())
    .filter((word) => word.length >= 3 && !STOP_WORDS.has(word));
  for (const label of SERVICE_LABELS) {
    const value = alert.labels[label]?.toLowerCase();
    if (value && /^[a-z0-9._-]{2,64}$/.test(value)) words.push(value);
  }
  return [...new Set(words)].slice(0, 8);
}

/** Words in alert names that say nothing about which runbook answers them. */
const STOP_WORDS = new Set(['high', 'low', 'too', 'many', 'the', 'and', 'alert', 'down', 'rate', 'total', 'is', 'not', 'error', 'errors', 'warning', 'critical', 'instance']);

/**
 * Fills each param that declares `from_label` from the alert's labels,
 * transformed, then checked against the param's own rules (choices,
 * pattern). Values only ever become param values: they reach a step as
 * environment variables through the params path, never pasted into code.
 * Secret params are never filled.
 */
export function fillParamsFromLabels(params: readonly RunbookParam[], labels: Record<string, string>): FilledParams {
  const filled: FilledParams = { values: {}, sources: {}, errors: {} };
  for (const param of params) {
    if (!param.fromLabel || param.secret) continue;
    const raw = labels[param.fromLabel.label];
    if (raw === undefined) continue;
    const value = applyTransform(raw, param.fromLabel.transform);
    const source = param.fromLabel.transform ? `${param.fromLabel.label} | ${param.fromLabel.transform}` : param.fromLabel.label;
    const problem = validateParamValue(param, value);
    if (problem) {
      filled.errors[param.name] = `The alert's ${param.fromLabel.label} label does not fit: ${problem}`;
      continue;
    }
    filled.values[param.name] = value;
    filled.sources[param.name] = source;
  }
  return filled;
}

/** `db-1:9187` → `db-1` (strip_port), `https://db-1.example:443/x` → `db-1.example` (host), lower-case (lower). */
export function applyTransform(value: string, transform: NonNullable<RunbookParam['fromLabel']>['transform']): string {
  switch (transform) {
    case 'strip_port': {
      const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
      if (bracketed) return bracketed[1]!;
      // One colon followed by digits is a port; more colons without brackets is an IPv6 address left alone.
      return (value.match(/:/g) ?? []).length === 1 ? value.replace(/:\d+$/, '') : value;
    }
    case 'host': {
      const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(value);
      return match ? match[1]!.replace(/^\[|\]$/g, '') : value;
    }
    case 'lower':
      return value.toLowerCase();
    default:
      return value;
  }
}
