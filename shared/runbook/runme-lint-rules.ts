/**
 * Runme attributes Firebreak reads but cannot do as asked, and Runme cells
 * Firebreak does not run: each is answered by a warning that says what
 * Firebreak does instead, so nothing in a Runme document is ignored silently.
 */
import type { LintRule } from './lint-rules';
import type { StepSource } from './lint-rules';
import { RUNME_PRESENTATION_ATTRIBUTE_KEYS } from './step-options';

/** What Firebreak does instead of each VS Code presentation attribute. */
const INSTEAD: Readonly<Record<(typeof RUNME_PRESENTATION_ATTRIBUTE_KEYS)[number], string>> = {
  closeTerminalOnSuccess: 'every step runs in the one session terminal, which stays open; the outcome shows on the step card and in the timeline',
  openTerminalOnError: 'every step runs in the one session terminal, which is always shown; a failure shows on the step card and in the timeline',
  terminalRows: 'the terminal is as tall as its panel; the step\'s output is kept whole in the timeline',
  mimeType: 'output is shown and recorded as terminal text, never rendered as another type',
  mimetype: 'output is shown and recorded as terminal text, never rendered as another type',
};

const PRESENTATION_KEYS = new Set<string>(RUNME_PRESENTATION_ATTRIBUTE_KEYS);

export const runmePresentationAttributes: LintRule = {
  ids: ['runme-attribute-not-applied'],
  check({ steps, diagnostics }) {
    // One warning per attribute per document, at its first use: Runme documents repeat them on every cell.
    const uses = new Map<string, StepSource[]>();
    for (const source of steps) {
      // Most steps have none of these keys: look through their few attributes before asking for each key.
      let any = false;
      for (const key in source.step.attributes) if (PRESENTATION_KEYS.has(key)) any = true;
      if (!any) continue;
      for (const key of RUNME_PRESENTATION_ATTRIBUTE_KEYS) {
        if (key in source.step.attributes) uses.set(key, [...(uses.get(key) ?? []), source]);
      }
    }
    for (const [key, sources] of uses) {
      const first = sources[0]!;
      const more = sources.length > 1 ? ` (${sources.length} steps in this runbook set it)` : '';
      diagnostics.warning(
        'runme-attribute-not-applied',
        first.line,
        first.keyColumns[key] ?? 1,
        `${key} is a Runme setting for VS Code's cell terminals${more}; Firebreak does not apply it: ${INSTEAD[key as keyof typeof INSTEAD]}.`,
      );
    }
  },
};

/**
 * Runme's Run all runs `interactive=true` cells (interactive there means "in a
 * terminal that takes input", VS Code's default). In Firebreak every step runs
 * in a terminal that takes input, and interactive=true means "does not end on
 * its own", which Run all skips. Said once per document Runme wrote.
 */
export const runmeInteractiveCells: LintRule = {
  ids: ['interactive-skipped-by-run-all'],
  check({ steps, diagnostics, runmeDocument }) {
    // In a Firebreak runbook interactive=true is written in Firebreak's sense; only Runme's documents mean Runme's.
    if (!runmeDocument) return;
    const skipped = steps.filter((source) => source.step.interactive && !source.step.excludeFromRunAll && !source.step.background);
    const first = skipped[0];
    if (!first) return;
    const more = skipped.length > 1 ? ` (and ${skipped.length - 1} more step${skipped.length === 2 ? '' : 's'} here)` : '';
    diagnostics.warning(
      'interactive-skipped-by-run-all',
      first.line,
      first.keyColumns.interactive ?? 1,
      `Step "${first.step.id}" has interactive=true${more}: Run all skips it, because in Firebreak that means it does not end on its own (every step already runs in a terminal that takes input). Runme's Run all would run it. If it ends on its own, remove interactive=true; if it is a server or watcher, write background=true.`,
    );
  },
};

export const RUNME_LINT_RULES: readonly LintRule[] = [runmePresentationAttributes, runmeInteractiveCells];
