/**
 * Runme's promptEnv: before a cell runs, Runme asks for the value of each
 * variable the cell exports (`export NAMESPACE="staging"` asks for NAMESPACE,
 * offering "staging"; stateful/runme internal/command/program_resolver.go).
 * Firebreak asks for values before a run, as params; so such a line becomes
 * a param with the written value as its default, and the line keeps the
 * variable exported with whatever value the responder chose.
 */
import type { RunbookParam } from '../model/runbook';
import { PARAM_NAME_PATTERN } from './params';

/** A top-level `export NAME=value` with a literal value: "…" without expansions, '…', or a plain word. */
const EXPORT_LINE = /^export[ \t]+([A-Za-z_][A-Za-z0-9_]*)=("[^"$`\\]*"|'[^']*'|[^\s"'$`;&|<>()\\]*)[ \t]*$/;

/** Names Runme treats as sensitive: asked for unechoed, never given a default; here, secret params. */
const SENSITIVE_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL/;

/** One variable a step would have prompted for. */
export interface PromptedVariable {
  name: string;
  value: string;
  /** 0-based line in the step's code. */
  lineIndex: number;
}

/** The step's code with each promptable export reduced to `export NAME`, and the variables found. */
export function mapPromptedExports(code: string): { code: string; variables: PromptedVariable[] } {
  if (!code.includes('export')) return { code, variables: [] };
  const variables: PromptedVariable[] = [];
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = EXPORT_LINE.exec(lines[i]!);
    if (!match || !PARAM_NAME_PATTERN.test(match[1]!)) continue;
    const raw = match[2]!;
    const value = raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
    variables.push({ name: match[1]!, value, lineIndex: i });
    lines[i] = `export ${match[1]!}`;
  }
  return variables.length ? { code: lines.join('\n'), variables } : { code, variables };
}

/** The param a prompted variable becomes. */
export function promptedParam(variable: PromptedVariable, stepId: string, stepTitle: string, line: number): RunbookParam {
  const secret = SENSITIVE_NAME.test(variable.name);
  return {
    name: variable.name,
    description: `Asked for by step "${stepTitle}" (Runme promptEnv: export ${variable.name}=…)`,
    ...(variable.value !== '' && !secret ? { default: variable.value } : {}),
    required: variable.value === '' || secret,
    secret,
    line,
    fromStep: stepId,
  };
}
