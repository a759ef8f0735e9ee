import type { RunbookParam, RunbookProfile, Step } from '../model/runbook';
import type { DiagnosticCollector } from './diagnostic-collector';
import type { FrontMatterLocator } from './front-matter';
import { findParamReferences, scanStepVariables, WELL_KNOWN_ENVIRONMENT, type ParamReference } from './param-references';
import { confirmParamReference } from './confirmation';
import { didYouMean } from './did-you-mean';
import { COMMAND_LINT_RULES } from './command-lint-rules';
import { RUNME_LINT_RULES } from './runme-lint-rules';

/** A step with where it sits in the source, for diagnostics that point at it. */
export interface StepSource {
  step: Step;
  /** 1-based line of the opening fence. */
  line: number;
  /** 1-based line of the first line of code. */
  codeStartLine: number;
  /** Attribute key → 1-based column of the key on the fence line. */
  keyColumns: Record<string, number>;
  nearestHeading: string | undefined;
  /** 0-based lines of the code that had a `$ ` prompt (removed before running). */
  promptLines: readonly number[];
}

/** What the cross-step rules see: the parsed runbook with source positions. */
export interface LintContext {
  steps: StepSource[];
  params: RunbookParam[];
  profiles: RunbookProfile[];
  locate: FrontMatterLocator;
  diagnostics: DiagnosticCollector;
  /** The document is written in Runme's terms (front matter `runme:`, or settings only Runme has), so its attributes mean what Runme says. */
  runmeDocument?: boolean;
}

/** A lint rule that needs the whole runbook (syntax rules live in the parser). */
export interface LintRule {
  /** Rule ids this check can report. */
  ids: readonly string[];
  check(context: LintContext): void;
}

const column = (source: StepSource, key: string) => source.keyColumns[key] ?? 1;

/** Two steps with the same explicit id: a rollback or the timeline would hit the wrong one. */
export const duplicateStepIds: LintRule = {
  ids: ['duplicate-step-id'],
  check({ steps, diagnostics }) {
    const first = new Map<string, StepSource>();
    for (const source of steps) {
      const earlier = first.get(source.step.id);
      if (!earlier) {
        first.set(source.step.id, source);
        continue;
      }
      diagnostics.error(
        'duplicate-step-id',
        source.line,
        column(source, source.keyColumns.id !== undefined ? 'id' : 'name'),
        `The step id "${source.step.id}" is already used by the step on line ${earlier.line}; give each step its own id.`,
      );
    }
  },
};

/** Two steps with the same Runme name: `--step <name>` would run both, and the titles cannot tell them apart. */
export const duplicateStepNames: LintRule = {
  ids: ['duplicate-step-name'],
  check({ steps, diagnostics }) {
    const first = new Map<string, StepSource>();
    for (const source of steps) {
      const name = source.step.name;
      if (name === undefined) continue;
      const earlier = first.get(name);
      if (!earlier) first.set(name, source);
      else {
        diagnostics.warning(
          'duplicate-step-name',
          source.line,
          column(source, source.keyColumns.name !== undefined ? 'name' : 'runme.dev/name'),
          `The step name "${name}" is already used by the step on line ${earlier.line}; --step "${name}" runs both. This one's id is "${source.step.id}".`,
        );
      }
    }
  },
};

/** A destructive step must ask first. */
export const destructiveWithoutConfirm: LintRule = {
  ids: ['destructive-without-confirm', 'destructive-without-rollback'],
  check({ steps, diagnostics }) {
    // A rollback step undoes another one; asking it for its own rollback is noise.
    const rollbackTargets = new Set<string>();
    for (const source of steps) if (source.step.rollback) rollbackTargets.add(source.step.rollback);
    for (const source of steps) {
      if (!source.step.destructive) continue;
      if (source.step.confirm === false) {
        diagnostics.error(
          'destructive-without-confirm',
          source.line,
          column(source, 'destructive'),
          `Step "${source.step.id}" is destructive but does not ask before running; add confirm=true or confirm=<word to type>.`,
        );
      }
      if (source.step.rollback === undefined && !rollbackTargets.has(source.step.id)) {
        diagnostics.warning(
          'destructive-without-rollback',
          source.line,
          column(source, 'destructive'),
          `Step "${source.step.id}" is destructive but names no rollback; add rollback=<id of the step that undoes it>.`,
        );
      }
    }
  },
};

/** `rollback` must name another step, preferably by an explicit id. */
export const rollbackTargets: LintRule = {
  ids: ['rollback-target-missing', 'rollback-self', 'rollback-target-implicit'],
  check({ steps, diagnostics }) {
    const byId = new Map(steps.map((source) => [source.step.id, source.step]));
    for (const source of steps) {
      const target = source.step.rollback;
      if (target === undefined) continue;
      const at = column(source, 'rollback');
      const found = byId.get(target);
      if (target === source.step.id) {
        diagnostics.error('rollback-self', source.line, at, `Step "${target}" names itself as its rollback; point rollback at the step that undoes it.`);
      } else if (!found) {
        diagnostics.error(
          'rollback-target-missing',
          source.line,
          at,
          `rollback="${target}" points at no step in this runbook.${didYouMean(target, byId.keys())}`,
        );
      } else if (!found.explicitId) {
        diagnostics.warning(
          'rollback-target-implicit',
          source.line,
          at,
          `rollback points at the generated id "${target}", which changes when that step's code changes; give that step an explicit id.`,
        );
      }
    }
  },
};

/** `confirm=$NAME`, undefined `$NAME` in commands, and params no step uses. */
export const paramUsage: LintRule = {
  ids: ['undefined-param', 'unused-param', 'confirm-unknown-param'],
  check({ steps, params, locate, diagnostics }) {
    const declared = new Set(params.map((param) => param.name));
    // One walk over each step's code finds both what it sets and what it expands; reporting waits until every step's assignments are known.
    const assigned = new Set<string>();
    const referencesByStep: ParamReference[][] = new Array(steps.length);
    for (let index = 0; index < steps.length; index++) {
      const found = scanStepVariables(steps[index]!.step.code);
      for (const name of found.assigned) assigned.add(name);
      referencesByStep[index] = found.references;
    }
    const used = new Set<string>();
    for (let index = 0; index < steps.length; index++) {
      const source = steps[index]!;
      const { step } = source;
      const reference = typeof step.confirm === 'string' ? confirmParamReference(step.confirm) : null;
      if (reference) {
        const name = reference.name;
        if (name && declared.has(name)) used.add(name);
        else {
          diagnostics.error(
            'confirm-unknown-param',
            source.line,
            column(source, 'confirm'),
            `confirm=${step.confirm} names no declared param, so nobody could know what to type.${didYouMean(name ?? String(step.confirm), declared)}`,
          );
        }
      }
      if (step.cwd) for (const reference of findParamReferences(step.cwd)) used.add(reference.name);
      // Made only for a step that reports something: most steps use declared params only.
      let reported: Set<string> | undefined;
      for (const reference of referencesByStep[index]!) {
        used.add(reference.name);
        if (declared.has(reference.name) || assigned.has(reference.name) || WELL_KNOWN_ENVIRONMENT.has(reference.name) || reported?.has(reference.name)) continue;
        (reported ??= new Set()).add(reference.name);
        diagnostics.warning(
          'undefined-param',
          source.codeStartLine + reference.line,
          reference.column + 1,
          `$${reference.name} is not a declared param and no step sets it, so it will probably be empty. Declare it under params.${didYouMean(reference.name, declared)}`,
        );
      }
    }
    for (const param of params) {
      // A param made from a step's export line is used by that line.
      if (used.has(param.name) || param.fromStep !== undefined) continue;
      const at = locate(['params', param.name]);
      diagnostics.warning('unused-param', at.line, at.column, `The param ${param.name} is declared but no step uses $${param.name}; remove it or use it.`);
    }
  },
};

/** A shell fence with nothing in it is a Run button that does nothing. */
export const emptySteps: LintRule = {
  ids: ['empty-step'],
  check({ steps, diagnostics }) {
    for (const source of steps) {
      if (!source.step.code.trim()) {
        diagnostics.warning('empty-step', source.line, 1, `Step "${source.step.id}" has no commands; remove the empty code block or fill it in.`);
      }
    }
  },
};

/** A line that ends the shell or changes how it treats errors: `exit`, `set -e`, `set -u`, `set -o errexit|nounset|pipefail`. */
const SHELL_ALTERING_LINE = /^(?:exit\b|set\s+-[a-zA-Z]*[eu]|set\s+-o\s+(?:errexit|nounset|pipefail))/;

/**
 * Steps are sourced into the responder's live shell, so a top-level `exit`
 * ends the session and a `set -e` makes the next failing hand-typed command
 * close it. Inside `( … )` both are harmless: the step runs in a subshell.
 */
export const shellAlteringSteps: LintRule = {
  ids: ['step-alters-shell'],
  check({ steps, diagnostics }) {
    for (const source of steps) {
      if (source.step.language === 'pwsh') continue;
      // Every altering line starts with "exit" or "set"; most steps have neither.
      if (!source.step.code.includes('exit') && !source.step.code.includes('set')) continue;
      let depth = 0;
      source.step.code.split('\n').forEach((raw, index) => {
        const line = raw.trim();
        if (depth === 0 && SHELL_ALTERING_LINE.test(line)) {
          diagnostics.warning(
            'step-alters-shell',
            source.codeStartLine + index,
            raw.indexOf(line) + 1,
            `Step "${source.step.id}" runs "${line.split(/\s*[;&|#]/)[0]}" in the responder's own shell (steps are sourced): it can end the session or make it exit on the next failure. Wrap the step in ( … ) to run it in a subshell.`,
          );
        }
        // A rough count of open subshells, enough for the usual "( … )" wrapping.
        if (!line.includes('(') && !line.includes(')')) return;
        for (const char of line.replace(/(["'])(?:\\.|(?!\1).)*\1/g, '')) {
          if (char === '(') depth++;
          else if (char === ')') depth = Math.max(0, depth - 1);
        }
      });
    }
  },
};

/** Every whole-runbook rule, in the order they run. */
export const LINT_RULES: readonly LintRule[] = [
  duplicateStepIds,
  duplicateStepNames,
  destructiveWithoutConfirm,
  rollbackTargets,
  paramUsage,
  emptySteps,
  shellAlteringSteps,
  ...COMMAND_LINT_RULES,
  ...RUNME_LINT_RULES,
];

/** Runs every whole-runbook rule, adding findings to the context's collector. */
export function runLintRules(context: LintContext): void {
  for (const rule of LINT_RULES) rule.check(context);
}
