import type { StepAttributes, StepConfirm, StepExpect } from '../model/runbook';
import { didYouMean } from './did-you-mean';
import { parseDuration } from './duration';
import { parseExpect } from './step-expect';
import { MAX_STEP_ID_LENGTH, STEP_ID_PATTERN } from './step-ids';

/** Attribute keys Firebreak understands (docs/runbook-format.md, "Step attributes"). */
export const FIREBREAK_ATTRIBUTE_KEYS = [
  'id',
  'name',
  'title',
  'confirm',
  'destructive',
  'timeout',
  'cwd',
  'shell',
  'expect',
  'continueOnError',
  'rollback',
  'interactive',
  'excludeFromRunAll',
] as const;

/**
 * Runme keys Firebreak accepts and ignores, so Runme runbooks open as they
 * are (from Runme's cell attribute documentation).
 */
export const IGNORED_RUNME_ATTRIBUTE_KEYS = [
  'background',
  'closeTerminalOnSuccess',
  'mimeType',
  'terminalRows',
  'promptEnv',
  'category',
  'interpreter',
  'skipPrompts',
] as const;

/** Shells a step may ask for with `shell=`. */
export const STEP_SHELLS = ['bash', 'sh', 'zsh', 'fish', 'pwsh', 'powershell', 'dash', 'ksh'] as const;

const KNOWN_KEYS = new Set<string>([...FIREBREAK_ATTRIBUTE_KEYS, ...IGNORED_RUNME_ATTRIBUTE_KEYS]);

/** The typed meaning of a step's attributes. */
export interface StepOptions {
  /** From `id`, else Runme's `name`. */
  explicitId?: string;
  title?: string;
  confirm: StepConfirm;
  destructive: boolean;
  timeoutMs: number | null;
  cwd?: string;
  shell?: string;
  expect?: StepExpect;
  continueOnError: boolean;
  rollback?: string;
  interactive: boolean;
  excludeFromRunAll: boolean;
}

/** Something wrong with one attribute's key or value. */
export interface OptionProblem {
  rule: 'unknown-attribute' | 'attribute-value' | 'invalid-expect' | 'invalid-step-id';
  severity: 'error' | 'warning';
  key: string;
  message: string;
}

/**
 * Turns raw attributes into typed step options. A value of the wrong kind is
 * a problem and the option keeps its safe default; never throws.
 */
export function readStepOptions(attributes: StepAttributes): { options: StepOptions; problems: OptionProblem[] } {
  const problems: OptionProblem[] = [];
  const options: StepOptions = {
    confirm: false,
    destructive: false,
    timeoutMs: null,
    continueOnError: false,
    interactive: false,
    excludeFromRunAll: false,
  };
  const bad = (key: string, message: string, rule: OptionProblem['rule'] = 'attribute-value') =>
    problems.push({ rule, severity: 'error', key, message });

  for (const [key, value] of Object.entries(attributes)) {
    if (!KNOWN_KEYS.has(key)) {
      problems.push({
        rule: 'unknown-attribute',
        severity: 'error',
        key,
        message: `Unknown step attribute "${key}".${didYouMean(key, KNOWN_KEYS)} A misspelt attribute is an error because it could silently drop a safety check.`,
      });
      continue;
    }
    switch (key) {
      case 'destructive':
      case 'continueOnError':
      case 'interactive':
      case 'excludeFromRunAll': {
        const flag = readBoolean(value);
        if (flag === undefined) bad(key, `${key} must be true or false, not "${String(value)}".`);
        else options[key] = flag;
        break;
      }
      case 'confirm': {
        const flag = readBoolean(value);
        if (flag !== undefined) options.confirm = flag;
        else if (typeof value === 'number') options.confirm = String(value);
        else if (typeof value === 'string' && value.trim() && !/\s/.test(value.trim())) options.confirm = value.trim();
        else bad(key, 'confirm must be true, a single word the responder types (e.g. production), or $PARAM.');
        break;
      }
      case 'timeout': {
        const ms = parseDuration(value);
        if (ms === undefined || ms <= 0) bad(key, `timeout "${String(value)}" is not a duration; write e.g. 30s, 5m or 1h.`);
        else options.timeoutMs = ms;
        break;
      }
      case 'cwd': {
        const problem = typeof value === 'string' && value.trim() ? cwdProblem(value.trim()) : `${key} must be non-empty text.`;
        if (problem) bad(key, problem);
        else options.cwd = (value as string).trim();
        break;
      }
      case 'title': {
        if (typeof value !== 'string' || !value.trim()) bad(key, `${key} must be non-empty text.`);
        else options[key] = value.trim();
        break;
      }
      case 'shell': {
        const shell = String(value).toLowerCase();
        if (!(STEP_SHELLS as readonly string[]).includes(shell)) bad(key, `shell "${String(value)}" is not supported; use one of ${STEP_SHELLS.join(', ')}.`);
        else options.shell = shell;
        break;
      }
      case 'expect': {
        const expect = parseExpect(value);
        if (typeof expect === 'string') bad(key, expect, 'invalid-expect');
        else options.expect = expect;
        break;
      }
      case 'rollback': {
        if (typeof value !== 'string' || !value.trim()) bad(key, 'rollback must be the id of the step that undoes this one.');
        else options.rollback = value.trim();
        break;
      }
      case 'id':
      case 'name': {
        const id = String(value).trim();
        if (typeof value === 'boolean' || !STEP_ID_PATTERN.test(id) || id.length > MAX_STEP_ID_LENGTH) {
          bad(key, `The step id "${String(value).slice(0, 60)}" may only contain letters, digits, ".", "_" and "-", must start with a letter or digit, and be at most ${MAX_STEP_ID_LENGTH} characters.`, 'invalid-step-id');
        } else if (key === 'id' || options.explicitId === undefined) {
          // Runme writes both (a ULID `id` and a human `name`); `id` wins quietly.
          options.explicitId = id;
        }
        break;
      }
    }
  }
  return { options, problems };
}

/** A `$NAME` or `${NAME}` reference in a cwd: the only expansion a cwd may ask for, besides a leading `~`. */
export const CWD_VARIABLE_REFERENCE = /\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})/g;

/**
 * Why a cwd is refused, or undefined when it is fine: literal text, a
 * leading `~` and `$NAME`/`${NAME}` references only. Anything else the
 * shell would act on (`$(…)`, backticks, `${NAME:-…}`, `$1`) would run or
 * compute something the trust review does not show as a command.
 */
export function cwdProblem(cwd: string): string | undefined {
  if (/[\0\r\n]/.test(cwd)) return 'cwd must be one line of text.';
  const rest = cwd.replace(CWD_VARIABLE_REFERENCE, '');
  if (rest.includes('$') || rest.includes('`')) {
    return `cwd "${cwd.slice(0, 80)}" may contain only literal text, a leading ~ and $NAME or \${NAME} references; command substitution, backticks and other expansions are not allowed (they would run when the step starts).`;
  }
  return undefined;
}

/** true/false as JSON booleans or as the strings Runme writes. */
function readBoolean(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}
