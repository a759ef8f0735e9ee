import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { checkAlertRules } from '../alerts/runbook-alerts';
import type { Diagnostic } from '../model/diagnostic';
import type { ChecklistItem, RunbookHeading, RunbookParam, RunbookProfile, Step } from '../model/runbook';
import { DiagnosticCollector, sortDiagnostics } from './diagnostic-collector';
import { checkFrontMatterFields, readDocumentDefaults, readFrontMatter } from './front-matter';
import { runLintRules, type StepSource } from './lint-rules';
import { buildLineMarks, useFastLineMarks, type LineMarksEnv } from './markdown-line-marks';
import { paragraphTextInListItemsOnly } from './markdown-paragraph';
import { readParams, readProfiles } from './params';
import { mapPromptedExports, promptedParam } from './prompt-env';
import { mayHavePromptLines, stripPromptLines } from './prompt-lines';
import { SourceLines } from './source-lines';
import { readAttributeText } from './step-attributes';
import { generatedStepId, slugify, STEP_ID_PATTERN, UniqueIds } from './step-ids';
import { fenceLanguage, isRunnableLanguage, isShellLanguage, WINDOWS_SHELL_LANGUAGES } from './step-languages';
import { readStepOptions, RUNME_ATTRIBUTE_KEYS, RUNME_PRESENTATION_ATTRIBUTE_KEYS, type StepOptions } from './step-options';

export { SHELL_LANGUAGES } from './step-languages';

/**
 * Longest source the parser reads, in UTF-16 code units. Matches the
 * library's 5 MiB file limit; anything longer is refused before any work so
 * a huge file costs nothing.
 */
export const MAX_RUNBOOK_CHARS = 5 * 1024 * 1024;

/** Everything the parser learns from one runbook file. */
export interface ParsedRunbook {
  frontMatter: Record<string, unknown>;
  title: string;
  summary: string;
  /** The Markdown body without front matter. */
  body: string;
  /** Line number (1-based) in the source where the body starts. */
  bodyStartLine: number;
  steps: Step[];
  checklist: ChecklistItem[];
  params: RunbookParam[];
  profiles: RunbookProfile[];
  headings: RunbookHeading[];
  /** Parse problems and lint findings, sorted by position. */
  diagnostics: Diagnostic[];
}

// Only block structure matters to the model; inline parsing (emphasis,
// links) is most of markdown-it's time on large files, so it is switched off.
// So is 'normalize' (line endings to \n, NUL to U+FFFD): parseChecked has
// already turned \r\n into \n and refused any NUL, and on a 1 MB runbook the
// rule copies the whole text twice for nothing.
const markdown = new MarkdownIt({ html: false });
markdown.core.ruler.disable(['normalize', 'inline', 'text_join', 'replacements', 'smartquotes', 'linkify'], true);
// Paragraphs are only read for checklist tasks (the first paragraph of a list item); others leave no tokens.
markdown.block.ruler.at('paragraph', paragraphTextInListItemsOnly);
// Tables and link reference definitions hold no steps, headings or task items, and tables are the most
// tokens in a typical runbook; without these rules their lines are read as paragraphs, which ends and
// starts blocks at the same lines (checked on the Runme fixtures, the bundled runbooks and the bench).
markdown.block.ruler.disable(['table', 'reference']);
// The line table markdown-it builds before any rule runs, built with indexOf instead of a loop over every character.
useFastLineMarks(markdown);

/** How deep markdown-it follows nested lists and quotes (its `maxNesting` option; untyped in @types/markdown-it). */
const MAX_NESTING = (markdown.options as { maxNesting?: number }).maxNesting ?? 100;

/** What the parse passes to markdown-it, and learns back from it. */
interface ParseEnv extends LineMarksEnv {
  /** 0-based body line where markdown-it stopped reading because nesting passed maxNesting. */
  droppedAtLine?: number;
}

// markdown-it stops reading a container nested deeper than maxNesting and says nothing (the content is just
// gone). Its block tokenizer is the one place that knows; note where that happens so the parse can say so.
const tokenizeBlocks = markdown.block.tokenize.bind(markdown.block);
markdown.block.tokenize = (state, startLine, endLine) => {
  if (state.level >= MAX_NESTING) {
    const env = state.env as ParseEnv;
    for (let line = startLine; line < endLine && env.droppedAtLine === undefined; line++) {
      if (!state.isEmpty(line)) env.droppedAtLine = line;
    }
  }
  tokenizeBlocks(state, startLine, endLine);
};

/**
 * Source → runbook model. Never throws: anything wrong with the input is a
 * diagnostic naming the file, line and column. Runs the lint rules too, so
 * the app and `firebreak lint` show the same findings.
 */
export function parseRunbook(source: string, file: string): ParsedRunbook {
  const diagnostics = new DiagnosticCollector(file);
  try {
    return parseChecked(typeof source === 'string' ? source : '', file, diagnostics);
  } catch (error) {
    // A bug in the parser must not take the library or the CLI down with it.
    diagnostics.error('internal-error', 1, 1, `Firebreak could not read this runbook (${error instanceof Error ? error.message : String(error)}). Please report it.`);
    return emptyRunbook(source, file, diagnostics);
  }
}

function parseChecked(source: string, file: string, diagnostics: DiagnosticCollector): ParsedRunbook {
  if (source.length > MAX_RUNBOOK_CHARS) {
    diagnostics.error(
      'file-too-large',
      1,
      1,
      `This file has ${source.length.toLocaleString('en')} characters; runbooks are limited to ${MAX_RUNBOOK_CHARS.toLocaleString('en')}. Split it into smaller runbooks.`,
    );
    return emptyRunbook('', file, diagnostics);
  }
  const nul = source.indexOf('\0');
  if (nul !== -1) {
    const at = positionOf(source, nul);
    diagnostics.error('binary-file', at.line, at.column, 'This file contains NUL bytes, so it looks like a binary file, not Markdown. Nothing in it is treated as a step.');
    return emptyRunbook('', file, diagnostics);
  }
  const withoutBom = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const text = withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom;
  const replacement = text.indexOf('\uFFFD');
  if (replacement !== -1) {
    const at = positionOf(text, replacement);
    diagnostics.warning(
      'invalid-utf8',
      at.line,
      at.column,
      'This file is not valid UTF-8; unreadable bytes are shown as "\uFFFD". Re-save it as UTF-8 and check the commands around here.',
    );
  }

  const frontMatter = readFrontMatter(text, diagnostics);
  checkFrontMatterFields(frontMatter, diagnostics);
  checkAlertRules(frontMatter, diagnostics);
  const documentDefaults = readDocumentDefaults(frontMatter, diagnostics);
  const params = readParams(frontMatter, diagnostics);
  const profiles = readProfiles(frontMatter, params, diagnostics);
  const { body, bodyStartLine } = frontMatter;
  const parseEnv: ParseEnv = {};
  const tokens = markdown.parse(body, parseEnv);
  // The line table markdown-it just built for the body (built here only if it somehow did not).
  const bodyLines = new SourceLines(body, parseEnv.lineMarks ?? buildLineMarks(body));
  if (parseEnv.droppedAtLine !== undefined) reportDroppedNesting(bodyLines, parseEnv.droppedAtLine, bodyStartLine, diagnostics);

  const headingStack: { level: number; text: string }[] = [];
  const headings: RunbookHeading[] = [];
  const stepSources: StepSource[] = [];
  // Each step's options, by index in stepSources: ids and promptEnv are decided from them after the loop.
  const stepOptions: StepOptions[] = [];
  // Checklist ids depend only on the items before them, so each item is made whole as it is found.
  const checklistIds = new UniqueIds();
  const checklist: ChecklistItem[] = [];
  let firstH1: string | undefined;
  // The headings enclosing what follows; one array per heading, shared by the steps and items under it (read-only).
  let sectionPath: string[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open' && token.map) {
      const level = Number(token.tag.slice(1));
      const headingText = plainText(tokens[i + 1]?.content ?? '');
      while (headingStack.length && headingStack[headingStack.length - 1]!.level >= level) headingStack.pop();
      headingStack.push({ level, text: headingText });
      sectionPath = headingStack.map((heading) => heading.text);
      headings.push({ level, text: headingText, line: bodyStartLine + token.map[0] });
      if (level === 1 && firstH1 === undefined) firstH1 = headingText;
    } else if (token.type === 'fence' && token.map) {
      const fenceLine = bodyStartLine + token.map[0];
      checkFenceClosed(token, bodyLines, fenceLine, diagnostics);
      const info = token.info.trim();
      const language = fenceLanguage(info);
      const languageRaw = info.slice(0, language.length);
      // Cheap test first: most fences in big documents are not steps, and their attributes need not be read.
      if (!isRunnableLanguage(language, info.includes('interpreter'), token.content)) {
        if (WINDOWS_SHELL_LANGUAGES.has(language)) {
          diagnostics.warning(
            'language-not-run',
            fenceLine,
            1,
            `Runme runs ${language} blocks on Windows; Firebreak's sessions are POSIX terminals, so this block is shown, not run. Write the step in sh or pwsh to run it here.`,
          );
        }
        continue;
      }
      const attributeStart = infoColumn(token, bodyLines, info) + languageRaw.length;
      // Offsets come back as 1-based columns on the fence line.
      const read = readAttributeText(info.slice(languageRaw.length), attributeStart + 1);
      for (const problem of read.problems) diagnostics.add(problem.severity, problem.rule, fenceLine, problem.offset, problem.message);
      const keyColumns = read.keyOffsets;
      const { options, problems } = readStepOptions(read.attributes);
      if (options.ignored) continue;
      if (!isRunnableLanguage(language, options.interpreter !== undefined, token.content)) continue;
      for (const problem of problems) {
        diagnostics.add(problem.severity, problem.rule, fenceLine, keyColumns[problem.key] ?? 1, problem.message);
      }
      const content = token.content;
      const written = content.charCodeAt(content.length - 1) === 10 /* \n */ ? content.slice(0, -1) : content;
      const stripped = isShellLanguage(language) && mayHavePromptLines(written) ? stripPromptLines(written) : undefined;
      const nearestHeading = headingStack[headingStack.length - 1]?.text;
      const cwd = joinCwd(documentDefaults.cwd, options.cwd);
      const shell = options.shell ?? documentDefaults.shell;
      // Made whole here (id and, where the title falls back to it, title are filled in once every explicit
      // id is known), field by field with optional ones only when set: this runs for every step of a big runbook.
      const step: Step = {
        id: '',
        title: options.title ?? options.name ?? nearestHeading ?? '',
        language,
        code: stripped ? stripped.code : written,
        lineStart: fenceLine,
        lineEnd: bodyStartLine + token.map[1] - 1,
        sectionPath,
        attributes: read.attributes,
        explicitId: false,
        confirm: options.confirm,
        destructive: options.destructive,
        timeoutMs: options.timeoutMs,
        continueOnError: options.continueOnError,
        interactive: options.interactive,
        excludeFromRunAll: options.excludeFromRunAll,
        background: options.background,
        categories: options.categories.length ? options.categories : documentDefaults.categories,
      };
      if (options.name !== undefined) step.name = options.name;
      if (cwd !== undefined) step.cwd = cwd;
      if (shell !== undefined) step.shell = shell;
      if (options.expect !== undefined) step.expect = options.expect;
      if (options.rollback !== undefined) step.rollback = options.rollback;
      if (options.interpreter !== undefined) step.interpreter = options.interpreter;
      stepSources.push({ step, line: fenceLine, codeStartLine: fenceLine + 1, keyColumns, nearestHeading, promptLines: stripped ? stripped.promptLines : NO_PROMPT_LINES });
      stepOptions.push(options);
    } else if (token.type === 'list_item_open' && token.map && tokens[i + 1]?.type === 'paragraph_open') {
      // Most list items are not tasks: look at the first character before running the pattern.
      const itemText = tokens[i + 2]?.content ?? '';
      const task = itemText.charCodeAt(0) === 91 /* [ */ ? /^\[([ xX])\][ \t]+(\S[\s\S]*)$/.exec(itemText) : null;
      if (task) {
        const taskText = plainText(task[2]!.includes('\n') ? task[2]!.replace(/\s*\n\s*/g, ' ') : task[2]!);
        checklist.push({
          id: checklistIds.claim(`check-${slugify(taskText, 'item')}`),
          text: taskText,
          checkedInSource: task[1] !== ' ',
          line: bodyStartLine + token.map[0],
          sectionPath,
        });
      }
    }
  }

  // Explicit ids are taken first, then names (a name that is not an id gets its slug), then generated ids.
  const explicitIds: string[] = [];
  for (const options of stepOptions) if (options.explicitId) explicitIds.push(options.explicitId);
  const stepIds = new UniqueIds(explicitIds);
  const nameIds: (string | undefined)[] = new Array(stepOptions.length);
  for (let index = 0; index < stepOptions.length; index++) {
    const options = stepOptions[index]!;
    if (options.explicitId === undefined && options.name !== undefined) {
      nameIds[index] = stepIds.claim(STEP_ID_PATTERN.test(options.name) ? options.name : slugify(options.name, 'step'));
    }
  }
  for (let index = 0; index < stepSources.length; index++) {
    const source = stepSources[index]!;
    const { step } = source;
    const named = stepOptions[index]!.explicitId ?? nameIds[index];
    step.id = named ?? stepIds.claim(generatedStepId(source.nearestHeading, step.code));
    step.explicitId = named !== undefined;
    if (!step.title) step.title = step.id;
  }

  // Runme's promptEnv (on by default in documents Runme wrote; a step may ask for it or turn it off): exports become params.
  const writtenByRunme = frontMatter.data.runme !== undefined;
  const declared = new Set(params.map((param) => param.name));
  stepSources.forEach((source, index) => {
    const { step } = source;
    if (!isShellLanguage(step.language) || !(stepOptions[index]!.promptEnv ?? writtenByRunme)) return;
    const mapped = mapPromptedExports(step.code);
    if (!mapped.variables.length) return;
    step.code = mapped.code;
    for (const variable of mapped.variables) {
      if (declared.has(variable.name)) continue;
      declared.add(variable.name);
      params.push(promptedParam(variable, step.id, step.title, source.codeStartLine + variable.lineIndex));
    }
  });

  const steps = stepSources.map((entry) => entry.step);
  runLintRules({ steps: stepSources, params, profiles, locate: frontMatter.locate, diagnostics, runmeDocument: writtenByRunme || usesRunmeSettings(frontMatter.data, steps) });

  const frontTitle = frontMatter.data.title;
  return {
    frontMatter: frontMatter.data,
    title: (typeof frontTitle === 'string' && frontTitle.trim()) || firstH1 || file,
    summary: typeof frontMatter.data.summary === 'string' ? frontMatter.data.summary : '',
    body,
    bodyStartLine,
    steps,
    checklist,
    params,
    profiles,
    headings,
    diagnostics: sortDiagnostics(diagnostics.diagnostics),
  };
}

/** Shared by every step without `$ ` prompts (most of them); nothing writes to it. */
const NO_PROMPT_LINES: readonly number[] = [];

/**
 * 0-based column of the (trimmed) info string on the fence's line: right
 * after the markup and the blanks that follow it, worked out rather than
 * searched for (searching the line for a long info string is slow on big
 * files). The info string never starts with blanks or the fence character,
 * so this is where a search from the markup would find it.
 */
function infoColumn(token: Token, bodyLines: SourceLines, info: string): number {
  const lineText = bodyLines.get(token.map![0]);
  const markupAt = lineText.indexOf(token.markup);
  if (info === '' || markupAt < 0) return Math.max(0, lineText.indexOf(info, markupAt));
  return markupAt + token.markup.length + (token.info.length - token.info.trimStart().length);
}

/** Settings only Runme writes, in the front matter or on any step: the document is written in Runme's terms. */
const RUNME_ONLY_KEYS = new Set<string>([...RUNME_ATTRIBUTE_KEYS, ...RUNME_PRESENTATION_ATTRIBUTE_KEYS, 'runme', 'skipPrompts', 'terminalRows']);

function usesRunmeSettings(frontMatter: Record<string, unknown>, steps: readonly Step[]): boolean {
  if (Object.keys(frontMatter).some((key) => RUNME_ONLY_KEYS.has(key))) return true;
  // Plain loops: every attribute of every step is looked at.
  for (const step of steps) for (const key in step.attributes) if (RUNME_ONLY_KEYS.has(key)) return true;
  return false;
}

/**
 * The front matter's cwd, then the step's: a step cwd that is absolute (or
 * starts at ~ or a $PARAM) replaces the document's, a relative one goes
 * inside it. Still relative to the document's folder when neither is
 * absolute; the runner resolves that (main/steps/step-script.ts).
 */
function joinCwd(documentCwd: string | undefined, stepCwd: string | undefined): string | undefined {
  if (stepCwd === undefined) return documentCwd;
  if (documentCwd === undefined || /^[/~$]/.test(stepCwd)) return stepCwd;
  return `${documentCwd.replace(/\/+$/, '')}/${stepCwd}`;
}

/**
 * markdown-it lets a fence with no closing line run to the end of its
 * container; that swallows the rest of the runbook into one command, so it
 * is an error at the opening line.
 */
function checkFenceClosed(token: Token, bodyLines: SourceLines, fenceLine: number, diagnostics: DiagnosticCollector): void {
  const map = token.map!;
  const fenceChar = token.markup[0] ?? '`';
  const lastLine = bodyLines.get(map[1] - 1);
  let indent = 0;
  while (indent < lastLine.length && (lastLine[indent] === ' ' || lastLine[indent] === '\t' || lastLine[indent] === '>')) indent++;
  const trimmed = lastLine.slice(indent).trimEnd();
  let closed = trimmed.length >= token.markup.length;
  for (let i = 0; closed && i < trimmed.length; i++) closed = trimmed[i] === fenceChar;
  if (map[1] - map[0] >= 2 && closed) return;
  const column = bodyLines.get(map[0]).indexOf(token.markup) + 1;
  // A fence in a list item or quote ends with its container; only at the top level does it swallow the rest.
  const lastCodeLine = fenceLine + (map[1] - map[0]) - 1;
  const runsToEnd = bodyLines.blankFrom(map[1]);
  diagnostics.error(
    'unterminated-fence',
    fenceLine,
    column,
    runsToEnd
      ? `This code block opened with ${token.markup} is never closed, so everything after it is read as code. Add a closing ${token.markup} line.`
      : `This code block opened with ${token.markup} is never closed; the list item or quote it sits in ends it at line ${lastCodeLine}, so its code is lines ${fenceLine + 1}-${lastCodeLine} and what follows is read as usual. Add a closing ${token.markup} line.`,
  );
}

/** A container nested past markdown-it's limit: its content is not read, which must not pass silently. */
function reportDroppedNesting(bodyLines: SourceLines, droppedAt: number, bodyStartLine: number, diagnostics: DiagnosticCollector): void {
  let hasFence = false;
  for (let line = droppedAt; line < bodyLines.length && !hasFence; line++) hasFence = /^[\s>*+\-\d.)]*(```|~~~)/.test(bodyLines.get(line));
  const message = `From here the Markdown is nested more than ${MAX_NESTING} levels deep (lists or quotes inside each other), so it is not read${hasFence ? ': a code block in it is not a step' : ''}. Flatten the nesting.`;
  diagnostics.add(hasFence ? 'error' : 'warning', 'nesting-too-deep', bodyStartLine + droppedAt, 1, message);
}

/** Heading or task text without the most common inline markup. */
function plainText(text: string): string {
  // Most headings and tasks have no markup at all.
  if (!text.includes('[') && !text.includes('`') && !text.includes('*')) return text.trim();
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+/g, '')
    .replace(/\*+/g, '')
    .trim();
}

/** 1-based line and column of a string index. */
function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

function emptyRunbook(source: string, file: string, diagnostics: DiagnosticCollector): ParsedRunbook {
  return {
    frontMatter: {},
    title: file,
    summary: '',
    body: typeof source === 'string' ? source : '',
    bodyStartLine: 1,
    steps: [],
    checklist: [],
    params: [],
    profiles: [],
    headings: [],
    diagnostics: sortDiagnostics(diagnostics.diagnostics),
  };
}
