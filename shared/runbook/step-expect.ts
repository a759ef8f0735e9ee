import type { StepExpect } from '../model/runbook';

/** Regex flags an `expect` may use; `g` and `y` make test() stateful, so they are refused. */
const ALLOWED_FLAGS = /^[imsu]*$/;

/**
 * Reads an `expect` value: an exit code (`0`), `any`, an output regex
 * (`/healthy/i`), or an exit part and a regex separated by a space
 * (`"1 /not found/"`). A regex alone means exit code 0. Returns the expect or
 * a sentence saying what is wrong.
 */
export function parseExpect(value: string | number | boolean): StepExpect | string {
  if (typeof value !== 'string') return readExpect(value);
  // Runbooks repeat the same expect on many steps; compiling its regex once is enough.
  let read = readByText.get(value);
  if (read === undefined) {
    if (readByText.size > 1000) readByText.clear();
    read = readExpect(value);
    readByText.set(value, read);
  }
  return typeof read === 'string' ? read : { ...read, ...(read.output ? { output: { ...read.output } } : {}) };
}

const readByText = new Map<string, StepExpect | string>();

function readExpect(value: string | number | boolean): StepExpect | string {
  if (typeof value === 'boolean') return 'expect needs an exit code and/or an output regex, e.g. expect=0 or expect="0 /healthy/".';
  if (typeof value === 'number') return exitCode(String(value)) ?? { exitCode: value };
  const text = value.trim();
  const space = text.search(/\s/);
  const exitPart = text.startsWith('/') ? undefined : space === -1 ? text : text.slice(0, space);
  const regexPart = text.startsWith('/') ? text : space === -1 ? undefined : text.slice(space).trim();
  if (regexPart !== undefined && !/^\/.*\/[A-Za-z]*$/s.test(regexPart)) {
    return `"${regexPart.slice(0, 40)}" in expect is not a regex; write it between slashes, e.g. /healthy/.`;
  }
  if (!exitPart && !regexPart) return 'expect needs an exit code and/or an output regex, e.g. expect=0 or expect="0 /healthy/".';
  let code: number | null = 0;
  if (exitPart !== undefined) {
    if (exitPart === 'any') code = null;
    else {
      const problem = exitCode(exitPart);
      if (problem) return problem;
      code = Number(exitPart);
    }
  }
  if (!regexPart) return { exitCode: code };
  const slash = regexPart.lastIndexOf('/');
  const source = regexPart.slice(1, slash);
  const flags = regexPart.slice(slash + 1);
  if (!source) return 'The regex in expect is empty; write what the output must contain, e.g. /healthy/.';
  if (!ALLOWED_FLAGS.test(flags)) return `The regex flags "${flags}" in expect are not allowed; use only i, m, s and u.`;
  try {
    new RegExp(source, flags);
  } catch (error) {
    return `The regex /${source}/ in expect does not compile: ${(error as Error).message}.`;
  }
  return { exitCode: code, output: { source, flags } };
}

function exitCode(text: string): string | undefined {
  if (!/^\d{1,3}$/.test(text) || Number(text) > 255) {
    return `"${text.slice(0, 40)}" is not an exit code; expect takes 0–255 or "any", then optionally an output regex like /ok/.`;
  }
  return undefined;
}
