import type { RunbookParam, RunbookProfile } from '../model/runbook';
import { didYouMean } from './did-you-mean';
import type { DiagnosticCollector } from './diagnostic-collector';
import type { FrontMatter } from './front-matter';

/** Param names: UPPER_SNAKE, so they read as environment variables. */
export const PARAM_NAME_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/**
 * Names a param may not have: every param is exported into the responder's
 * shell before each step, and these variables change what the shell or the
 * programs it starts execute (PROMPT_COMMAND and PS0–PS4 run code at the
 * next prompt, BASH_ENV/ENV are sourced by new shells, LD_PRELOAD and
 * DYLD_* load libraries, NODE_OPTIONS loads modules), where it looks for
 * commands and files (PATH, CDPATH, HOME, ZDOTDIR), or how it reads words
 * (IFS, SHELLOPTS, GLOBIGNORE). FIREBREAK_* belongs to the shell integration.
 * From the bash(1) "Shell Variables" section, ld.so(8), dyld(1) and the
 * Node.js CLI documentation.
 */
export const RESERVED_PARAM_NAMES: ReadonlySet<string> = new Set([
  'PATH',
  'PROMPT_COMMAND',
  'PS0',
  'PS1',
  'PS2',
  'PS3',
  'PS4',
  'BASH_ENV',
  'ENV',
  'IFS',
  'SHELLOPTS',
  'BASHOPTS',
  'CDPATH',
  'GLOBIGNORE',
  'HISTFILE',
  'NODE_OPTIONS',
  'ZDOTDIR',
  'HOME',
  'SHELL',
  'TERM',
]);

/** Prefixes of reserved names (loader variables, Firebreak's own, bash exported functions). */
export const RESERVED_PARAM_PREFIXES: readonly string[] = ['LD_', 'DYLD_', 'FIREBREAK_', 'BASH_FUNC'];

/** Whether `name` is a shell-special or loader variable a param must not set (see {@link RESERVED_PARAM_NAMES}). */
export function isReservedParamName(name: string): boolean {
  return RESERVED_PARAM_NAMES.has(name) || RESERVED_PARAM_PREFIXES.some((prefix) => name.startsWith(prefix));
}

const PARAM_FIELDS = ['description', 'default', 'required', 'choices', 'pattern', 'secret', 'from_label'];
const PROFILE_FIELDS = ['description', 'production', 'values'];

/**
 * Whether a profile counts as production: its `production` flag when given,
 * else its name is `production`, `prod` or starts with `prod-`/`production-`.
 */
export function isProductionProfileName(name: string): boolean {
  return /^(prod|production)([-_].*)?$/i.test(name);
}

/**
 * Checks one value against a param's rules. Returns a sentence for the
 * params form, or undefined when the value is fine. The message never
 * repeats the value, because it may be a secret.
 */
export function validateParamValue(param: RunbookParam, value: string): string | undefined {
  if (value.includes('\0')) return `${param.name} contains a NUL character, which cannot be passed to a shell.`;
  if (value === '') return param.required ? `${param.name} is required.` : undefined;
  if (param.choices && !param.choices.includes(value)) return `${param.name} must be one of: ${param.choices.join(', ')}.`;
  if (param.pattern !== undefined) {
    const regex = compilePattern(param.pattern);
    if (regex && !regex.test(value)) return `${param.name} does not match the pattern ${param.pattern}.`;
  }
  return undefined;
}

/** The whole-value regex for a param pattern, or undefined if it does not compile. */
export function compilePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}

/** Result of resolving params for a run. */
export interface ResolvedParams {
  /** Every declared param's value (secrets included: handle with care, never store). */
  values: Record<string, string>;
  /** Param name → what is wrong with its value. Empty when the run may start. */
  errors: Record<string, string>;
  /** A problem with the choice of profile itself, e.g. it does not exist. */
  profileError?: string;
  /** Whether the chosen profile is a production profile. */
  production: boolean;
}

/** Everything that stops a run, by field: each param's problem, and the profile's under `profile`. Empty when it may start. */
export function paramProblems(resolved: ResolvedParams): Record<string, string> {
  return { ...resolved.errors, ...(resolved.profileError ? { profile: resolved.profileError } : {}) };
}

/**
 * Works out the value of every param for a run: an override typed in the
 * form wins, then the profile's value, then the param's default, else empty.
 * Every value is then checked against required, choices and pattern.
 */
export function resolveParams(
  runbook: { params: RunbookParam[]; profiles: RunbookProfile[] },
  profileName: string | null | undefined,
  overrides: Record<string, string> = {},
): ResolvedParams {
  const profile = profileName ? runbook.profiles.find((candidate) => candidate.name === profileName) : undefined;
  const result: ResolvedParams = { values: {}, errors: {}, production: profile?.production ?? false };
  if (profileName && !profile) result.profileError = `This runbook has no profile "${profileName}".`;
  const declared = new Set(runbook.params.map((param) => param.name));
  for (const param of runbook.params) {
    const override = Object.prototype.hasOwnProperty.call(overrides, param.name) ? overrides[param.name] : undefined;
    const fromProfile = profile && Object.prototype.hasOwnProperty.call(profile.values, param.name) ? profile.values[param.name] : undefined;
    const value = override ?? fromProfile ?? param.default ?? '';
    result.values[param.name] = value;
    const problem = validateParamValue(param, value);
    if (problem) result.errors[param.name] = problem;
  }
  for (const name of Object.keys(overrides)) {
    if (!declared.has(name)) result.errors[name] = `${name} is not a parameter of this runbook.`;
  }
  return result;
}

/**
 * Reads `params` from the front matter into the model, reporting every
 * malformed definition. Never throws.
 */
export function readParams(frontMatter: FrontMatter, diagnostics: DiagnosticCollector): RunbookParam[] {
  const { data, locate } = frontMatter;
  const raw = data.params;
  if (raw === undefined || raw === null) return [];
  if (!isPlainObject(raw)) {
    const at = locate(['params']);
    diagnostics.error('param-definition', at.line, at.column, 'params must be a mapping from NAME to its definition, e.g. "TARGET_HOST: { required: true }".');
    return [];
  }
  const params: RunbookParam[] = [];
  for (const [name, definition] of Object.entries(raw)) {
    const at = locate(['params', name]);
    const problem = (field: string | undefined, rule: string, message: string) => {
      const where = field ? locate(['params', name, field]) : at;
      diagnostics.error(rule, where.line, where.column, message);
    };
    if (!PARAM_NAME_PATTERN.test(name)) {
      problem(undefined, 'param-name', `The param name "${name}" must be UPPER_SNAKE (e.g. TARGET_HOST) so it reads as an environment variable.`);
      continue;
    }
    if (isReservedParamName(name)) {
      problem(
        undefined,
        'param-name',
        `The param name "${name}" is a variable the shell or the programs it starts act on (it could run code or change which commands run); every param is exported into the shell, so pick another name (e.g. APP_${name.replace(/^_+/, '')}).`,
      );
      continue;
    }
    if (definition !== null && !isPlainObject(definition)) {
      problem(undefined, 'param-definition', `The definition of ${name} must be a mapping with description, default, required, choices, pattern or secret.`);
      continue;
    }
    const fields = (definition ?? {}) as Record<string, unknown>;
    const param: RunbookParam = { name, description: '', required: false, secret: false, line: at.line };
    for (const [field, value] of Object.entries(fields)) {
      switch (field) {
        case 'description':
          if (typeof value === 'string') param.description = value;
          else problem(field, 'param-definition', `${name}.description must be text.`);
          break;
        case 'required':
        case 'secret':
          if (typeof value === 'boolean') param[field] = value;
          else problem(field, 'param-definition', `${name}.${field} must be true or false.`);
          break;
        case 'default': {
          const text = scalarText(value);
          if (text === undefined) problem(field, 'param-definition', `${name}.default must be a single value, not a list or mapping.`);
          else param.default = text;
          break;
        }
        case 'choices': {
          const choices = Array.isArray(value) ? value.map(scalarText) : undefined;
          if (!choices || choices.length === 0 || choices.some((choice) => choice === undefined)) {
            problem(field, 'param-definition', `${name}.choices must be a non-empty list of values.`);
          } else param.choices = choices as string[];
          break;
        }
        case 'pattern':
          if (typeof value !== 'string') problem(field, 'param-definition', `${name}.pattern must be a regular expression written as text.`);
          else if (!compilePattern(value)) problem(field, 'invalid-pattern', `${name}.pattern ${value} is not a valid regular expression.`);
          else param.pattern = value;
          break;
        case 'from_label': {
          const read = readFromLabel(value);
          if (typeof read === 'string') problem(field, 'param-definition', `${name}.from_label ${read}`);
          else param.fromLabel = read;
          break;
        }
        default:
          problem(field, 'param-definition', `${name} has an unknown field "${field}".${didYouMean(field, PARAM_FIELDS)}`);
      }
    }
    if (param.secret && param.fromLabel) {
      problem('from_label', 'param-definition', `${name} is secret, so it cannot come from an alert label: secrets are typed by the responder, never passed in an alert or a link.`);
      delete param.fromLabel;
    }
    if (param.secret && param.default !== undefined) {
      problem('default', 'secret-in-file', `${name} is secret, so it must not have a default: the value would sit in the file in clear. Remove the default; the responder types it.`);
      delete param.default;
    } else if (param.default !== undefined && param.default !== '') {
      const wrong = validateParamValue(param, param.default);
      if (wrong) problem('default', 'param-definition', `The default of ${name} is not valid: ${wrong}`);
    }
    params.push(param);
  }
  return params;
}

/**
 * Reads `profiles` from the front matter, checking each value against the
 * declared params. Secrets never make it into a profile. Never throws.
 */
export function readProfiles(frontMatter: FrontMatter, params: RunbookParam[], diagnostics: DiagnosticCollector): RunbookProfile[] {
  const { data, locate } = frontMatter;
  const raw = data.profiles;
  if (raw === undefined || raw === null) return [];
  if (!isPlainObject(raw)) {
    const at = locate(['profiles']);
    diagnostics.error('profile-definition', at.line, at.column, 'profiles must be a mapping from profile name (staging, production, drill…) to its values.');
    return [];
  }
  const byName = new Map(params.map((param) => [param.name, param]));
  const profiles: RunbookProfile[] = [];
  for (const [name, definition] of Object.entries(raw)) {
    const at = locate(['profiles', name]);
    const problem = (path: (string | number)[], rule: string, message: string) => {
      const where = locate(['profiles', name, ...path]);
      diagnostics.error(rule, where.line, where.column, message);
    };
    if (definition !== null && !isPlainObject(definition)) {
      problem([], 'profile-definition', `The profile "${name}" must be a mapping with description, production and values.`);
      continue;
    }
    const fields = (definition ?? {}) as Record<string, unknown>;
    const profile: RunbookProfile = { name, description: '', production: isProductionProfileName(name), values: {}, line: at.line };
    for (const [field, value] of Object.entries(fields)) {
      if (field === 'description') {
        if (typeof value === 'string') profile.description = value;
        else problem([field], 'profile-definition', `profiles.${name}.description must be text.`);
      } else if (field === 'production') {
        if (typeof value === 'boolean') profile.production = value;
        else problem([field], 'profile-definition', `profiles.${name}.production must be true or false.`);
      } else if (field === 'values') {
        if (value === null) continue;
        if (!isPlainObject(value)) {
          problem([field], 'profile-definition', `profiles.${name}.values must be a mapping from param name to value.`);
          continue;
        }
        for (const [paramName, paramValue] of Object.entries(value)) {
          const param = byName.get(paramName);
          const path = [field, paramName];
          if (!param) {
            problem(path, 'profile-unknown-param', `The profile "${name}" sets ${paramName}, which is not declared under params.${didYouMean(paramName, byName.keys())}`);
            continue;
          }
          if (param.secret) {
            problem(path, 'secret-in-file', `The profile "${name}" sets the secret ${paramName}: the value would sit in the file in clear. Remove it; the responder types it.`);
            continue;
          }
          const text = paramValue === null ? '' : scalarText(paramValue);
          if (text === undefined) {
            problem(path, 'profile-invalid-value', `The profile "${name}" gives ${paramName} a list or mapping; it must be a single value.`);
            continue;
          }
          const wrong = text === '' ? undefined : validateParamValue(param, text);
          if (wrong) problem(path, 'profile-invalid-value', `The profile "${name}" has an invalid value: ${wrong}`);
          else profile.values[paramName] = text;
        }
      } else {
        problem([field], 'profile-definition', `The profile "${name}" has an unknown field "${field}".${didYouMean(field, PROFILE_FIELDS)} Param values go under "values".`);
      }
    }
    profiles.push(profile);
  }
  return profiles;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** A YAML scalar as the text a shell would see, or undefined for lists and mappings. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** The transforms `from_label` may apply to a label value (docs/runbook-format.md, "Alerts"). */
export const FROM_LABEL_TRANSFORMS = ['strip_port', 'host', 'lower'] as const;

/**
 * Reads `from_label: instance`, `from_label: instance | strip_port` or
 * `from_label: { label: instance, transform: strip_port }`; a string is
 * the problem's wording.
 */
function readFromLabel(value: unknown): NonNullable<RunbookParam['fromLabel']> | string {
  let label: unknown;
  let transform: unknown;
  if (typeof value === 'string') {
    const [name, ...rest] = value.split('|').map((part) => part.trim());
    label = name;
    transform = rest.length ? rest.join('|') : undefined;
  } else if (isPlainObject(value)) {
    const extra = Object.keys(value).find((key) => key !== 'label' && key !== 'transform');
    if (extra) return `has an unknown field "${extra}"; use label and transform.`;
    label = value.label;
    transform = value.transform;
  } else return 'must name an alert label, e.g. "instance" or "instance | strip_port".';
  if (typeof label !== 'string' || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) return 'must name an alert label (letters, digits and _), e.g. instance.';
  if (transform === undefined) return { label };
  if (typeof transform !== 'string' || !(FROM_LABEL_TRANSFORMS as readonly string[]).includes(transform)) {
    return `has an unknown transform "${String(transform)}"; use one of ${FROM_LABEL_TRANSFORMS.join(', ')}.`;
  }
  return { label, transform: transform as (typeof FROM_LABEL_TRANSFORMS)[number] };
}
