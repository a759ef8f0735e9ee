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
 * Runme's cell attributes Firebreak honours (Runme's cell-level table and
 * the keys its parser reads: stateful/runme pkg/document/block.go,
 * stateful/vscode-runme src/schema.ts). docs/runbook-format.md, "Runme
 * compatibility", says what each one does here.
 */
export const RUNME_ATTRIBUTE_KEYS = [
  'background',
  'interpreter',
  'category',
  'tag',
  'promptEnv',
  'skipPrompts',
  'ignore',
  'transform',
  'runme.dev/id',
  'runme.dev/name',
  'runme.dev/nameGenerated',
  'runme.dev/fenced',
] as const;

/**
 * Runme attributes about VS Code's presentation of a cell. Firebreak has one
 * session terminal and shows output as text, so it cannot do what they ask;
 * they are accepted and lint says what Firebreak does instead
 * (lint-rules.ts, runmePresentationAttributes).
 */
export const RUNME_PRESENTATION_ATTRIBUTE_KEYS = ['closeTerminalOnSuccess', 'openTerminalOnError', 'terminalRows', 'mimeType', 'mimetype'] as const;

/** Shells a step may ask for with `shell=`. */
export const STEP_SHELLS = ['bash', 'sh', 'zsh', 'fish', 'pwsh', 'powershell', 'dash', 'ksh'] as const;

const KNOWN_KEYS = new Set<string>([...FIREBREAK_ATTRIBUTE_KEYS, ...RUNME_ATTRIBUTE_KEYS, ...RUNME_PRESENTATION_ATTRIBUTE_KEYS]);

/** Longest step name accepted, as for ids. */
export const MAX_STEP_NAME_LENGTH = MAX_STEP_ID_LENGTH;

/** The typed meaning of a step's attributes. */
export interface StepOptions {
  /** From `id` (or Runme's `runme.dev/id`). */
  explicitId?: string;
  /** Runme's `name`: a handle for `--step` and the step's title; any text but control characters. */
  name?: string;
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
  /** Started without waiting for it to end (Runme's `background`). */
  background: boolean;
  /** Program (with arguments) the code is run with, instead of the language's default. */
  interpreter?: string;
  /** Runme's `category` and `tag`, split at commas: `firebreak run --category` picks steps by them. */
  categories: string[];
  /** Runme's `promptEnv`: false stops `export NAME=value` lines becoming params. */
  promptEnv?: boolean;
  /** Runme's `ignore=true` / `transform=false`: the block is not a cell, so not a step. */
  ignored: boolean;
}

/** Something wrong with one attribute's key or value. */
export interface OptionProblem {
  rule: 'unknown-attribute' | 'attribute-value' | 'invalid-expect' | 'invalid-step-id' | 'invalid-step-name';
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
    background: false,
    categories: [],
    ignored: false,
  };
  const bad = (key: string, message: string, rule: OptionProblem['rule'] = 'attribute-value') =>
    problems.push({ rule, severity: 'error', key, message });

  // for…in rather than Object.entries: no array per attribute, for every step of a big runbook (attributes are plain objects).
  for (const key in attributes) {
    const value = attributes[key]!;
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
      case 'excludeFromRunAll':
      case 'background': {
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
      case 'runme.dev/id': {
        const id = String(value).trim();
        if (typeof value === 'boolean' || !STEP_ID_PATTERN.test(id) || id.length > MAX_STEP_ID_LENGTH) {
          bad(key, `The step id "${String(value).slice(0, 60)}" may only contain letters, digits, ".", "_" and "-", must start with a letter or digit, and be at most ${MAX_STEP_ID_LENGTH} characters.`, 'invalid-step-id');
        } else if (key === 'id' || options.explicitId === undefined) {
          options.explicitId = id;
        }
        break;
      }
      case 'name':
      case 'runme.dev/name': {
        // Runme (vscode-runme src/schema.ts) drops commas and runs of spaces from a name, and takes any other text.
        const name = typeof value === 'boolean' ? '' : cleanRunmeValue(String(value));
        if (!name || /\p{Cc}/u.test(name) || name.length > MAX_STEP_NAME_LENGTH) {
          bad(key, `The step name "${String(value).slice(0, 60)}" must be 1 to ${MAX_STEP_NAME_LENGTH} characters of text without control characters (commas are dropped, as Runme does).`, 'invalid-step-name');
        } else if (key === 'name' || options.name === undefined) {
          options.name = name;
        }
        break;
      }
      case 'interpreter': {
        if (typeof value !== 'string' || !value.trim() || /[\0\r\n]/.test(value)) bad(key, 'interpreter must be one line naming a program, e.g. interpreter="python3 -u".');
        else options.interpreter = value.trim();
        break;
      }
      case 'category':
      case 'tag': {
        for (const category of String(value).split(',')) {
          const trimmed = category.trim();
          if (trimmed && !options.categories.includes(trimmed)) options.categories.push(trimmed);
        }
        break;
      }
      case 'promptEnv': {
        // Runme's values (vscode-runme src/schema.ts): false/no/never skip; true/yes/always/auto/'' prompt.
        const text = cleanRunmeValue(String(value)).toLowerCase();
        if (['false', 'no', 'never', '0'].includes(text)) options.promptEnv = false;
        else if (['true', 'yes', 'always', 'auto', '', '1', '2'].includes(text)) options.promptEnv = true;
        else bad(key, `promptEnv must be true, false, yes, no, always, never or auto, not "${String(value)}".`);
        break;
      }
      case 'ignore':
      case 'transform': {
        const flag = readBoolean(value);
        if (flag === undefined) bad(key, `${key} must be true or false, not "${String(value)}".`);
        // Runme reads transform first: transform=false ignores the block, ignore=true too.
        else if (key === 'transform' || attributes.transform === undefined) options.ignored = key === 'transform' ? !flag : flag;
        break;
      }
      case 'skipPrompts': {
        if (readBoolean(value) === undefined) bad(key, `skipPrompts must be true or false, not "${String(value)}".`);
        break;
      }
      // Runme's own bookkeeping and VS Code presentation: nothing to check here (lint answers the latter).
      default:
        break;
    }
  }
  return { options, problems };
}

/** What Runme does to an attribute value before reading it: commas and runs of spaces dropped, trimmed. */
export function cleanRunmeValue(value: string): string {
  return value.trim().replace(/ {2,}/g, '').replaceAll(',', '').trim();
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

/**
 * true/false as JSON booleans or as the strings Runme writes: any case, and
 * with the stray commas Runme drops (`"interactive":"false,"`).
 */
export function readBoolean(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  // The usual spellings, without the cleaning below (this runs for several attributes of every step).
  if (value === 'true') return true;
  if (value === 'false') return false;
  const text = cleanRunmeValue(value).toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return undefined;
}
