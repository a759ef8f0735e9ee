import type { RunbookParam, RunbookProfile } from '../model/runbook';
import { didYouMean } from '../runbook/did-you-mean';
import { resolveParams } from '../runbook/params';

/** The URL scheme the desktop app registers. */
export const FIREBREAK_SCHEME = 'firebreak';
/** Longest link accepted. */
export const MAX_LINK_CHARS = 8192;

/** A `firebreak://runbook/<id>?NAME=value&profile=…` link, read. */
export interface RunbookLink {
  runbookId: string;
  profile: string | null;
  /** NAME → value, as given (checked against the runbook by {@link resolveRunbookLink}). */
  values: Record<string, string>;
}

/** A link that cannot be read; the message says why. */
export class RunbookLinkError extends Error {}

/**
 * Reads a runbook link: `firebreak://runbook/<id>?…`, or the browser
 * host's `/open?runbook=<id>&…` query. Throws {@link RunbookLinkError}.
 */
export function parseRunbookLink(text: string): RunbookLink {
  if (text.length > MAX_LINK_CHARS) throw new RunbookLinkError(`The link is ${text.length} characters long; the limit is ${MAX_LINK_CHARS}.`);
  const trimmed = text.trim();
  let runbookId: string;
  let query: URLSearchParams;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === FIREBREAK_SCHEME) {
    // Read as written, not through URL: a WHATWG parser would resolve "runbook/../x" before we could refuse it.
    const match = /^firebreak:\/\/runbook\/([^/?#]+)\/?(\?[^#]*)?(#.*)?$/i.exec(trimmed);
    if (!match) throw new RunbookLinkError(`"${short(text)}" is not a runbook link; expected firebreak://runbook/<id>?PARAM=value.`);
    runbookId = decode(match[1]!);
    query = new URLSearchParams(match[2] ?? '');
  } else if (scheme === 'http' || scheme === 'https') {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new RunbookLinkError(`"${short(text)}" is not a link; expected firebreak://runbook/<id>?PARAM=value.`);
    }
    if (url.pathname.replace(/\/+$/, '') !== '/open') throw new RunbookLinkError(`"${short(text)}" is not a Firebreak link; expected firebreak://runbook/<id>?PARAM=value.`);
    query = new URLSearchParams(url.search);
    runbookId = query.get('runbook') ?? '';
    query.delete('runbook');
    query.delete('token');
  } else {
    throw new RunbookLinkError(`"${short(text)}" is not a Firebreak link; expected firebreak://runbook/<id>?PARAM=value.`);
  }
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(runbookId)) throw new RunbookLinkError(`"${short(runbookId)}" is not a runbook id (lower-case letters, digits, ".", "_" and "-").`);
  const values: Record<string, string> = {};
  let profile: string | null = null;
  for (const [name, value] of query) {
    if (name === 'profile') {
      if (profile !== null) throw new RunbookLinkError('The link gives profile twice.');
      profile = value;
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(values, name)) throw new RunbookLinkError(`The link gives ${short(name)} twice.`);
    values[name] = value;
  }
  return { runbookId, profile, values };
}

/** What a link fills in the params form: values to show, and errors to show next to them. Nothing runs. */
export interface ResolvedLink {
  values: Record<string, string>;
  /** Param name → problem (unknown param, secret passed in a URL, invalid value). */
  errors: Record<string, string>;
  profileError?: string;
}

/**
 * Checks a link's values against the runbook: unknown params and invalid
 * values become errors in the form; a secret in a URL is refused (it would
 * sit in browser history and logs) and not filled.
 */
export function resolveRunbookLink(runbook: { params: RunbookParam[]; profiles: RunbookProfile[] }, link: RunbookLink): ResolvedLink {
  const secrets = new Set(runbook.params.filter((param) => param.secret).map((param) => param.name));
  const declared = new Set(runbook.params.map((param) => param.name));
  const overrides: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(link.values)) {
    if (secrets.has(name)) errors[name] = `${name} is secret, and secrets cannot come from a link (a URL stays in browser history and logs): type it in the form.`;
    // The value is not repeated: an unknown name may be a misspelt secret.
    else if (!declared.has(name)) errors[name] = `?${name}=… — this runbook has no parameter ${name}.${didYouMean(name, declared)}`;
    else overrides[name] = value;
  }
  const resolved = resolveParams(runbook, link.profile, overrides);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(resolved.values)) if (!secrets.has(name)) values[name] = value;
  // Only errors for what the link gave: a required param the link left empty is the form's usual business.
  for (const [name, problem] of Object.entries(resolved.errors)) if (name in link.values && !errors[name]) errors[name] = problem;
  return { values, errors, ...(resolved.profileError ? { profileError: resolved.profileError } : {}) };
}

/** `firebreak://runbook/<id>?NAME=value…&profile=…` */
export function runbookLink(runbookId: string, values: Record<string, string>, profile?: string | null): string {
  const query = new URLSearchParams(values);
  if (profile) query.set('profile', profile);
  const text = query.toString();
  return `${FIREBREAK_SCHEME}://runbook/${encodeURIComponent(runbookId)}${text ? `?${text}` : ''}`;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new RunbookLinkError(`"${short(text)}" is not a valid runbook id.`);
  }
}

function short(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
