import MarkdownIt from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../model/diagnostic';
import type { Step, StepAttributes } from '../model/runbook';

/** Fence languages whose blocks are runnable steps. */
export const SHELL_LANGUAGES = new Set(['sh', 'bash', 'zsh', 'shell', 'pwsh']);

export interface ParsedRunbook {
  frontMatter: Record<string, unknown>;
  title: string;
  summary: string;
  /** The Markdown body without front matter. */
  body: string;
  /** Line number (1-based) in the source where the body starts. */
  bodyStartLine: number;
  steps: Step[];
  diagnostics: Diagnostic[];
}

const markdown = new MarkdownIt({ html: false });

/**
 * Source → runbook model. Never throws: anything wrong with the input is a
 * diagnostic naming the file, line and column.
 */
export function parseRunbook(source: string, file: string): ParsedRunbook {
  const diagnostics: Diagnostic[] = [];
  const { frontMatter, body, bodyStartLine } = splitFrontMatter(source, file, diagnostics);
  const tokens = markdown.parse(body, {});
  const steps: Step[] = [];
  const headings: { level: number; text: string }[] = [];
  let title = typeof frontMatter.title === 'string' ? frontMatter.title : '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open') {
      const level = Number(token.tag.slice(1));
      const text = tokens[i + 1]?.content ?? '';
      while (headings.length && headings[headings.length - 1]!.level >= level) headings.pop();
      headings.push({ level, text });
      if (!title && level === 1) title = text;
    }
    if (token.type === 'fence' && token.map) {
      const info = token.info.trim();
      const language = (info.split(/[\s{]/, 1)[0] ?? '').toLowerCase();
      if (!SHELL_LANGUAGES.has(language)) continue;
      const lineStart = bodyStartLine + token.map[0];
      const attributes = parseAttributes(info.slice(language.length).trim());
      const id = typeof attributes.id === 'string' ? attributes.id : typeof attributes.name === 'string' ? attributes.name : `step-${steps.length + 1}`;
      steps.push({
        id,
        title: typeof attributes.title === 'string' ? attributes.title : headings[headings.length - 1]?.text ?? id,
        language,
        code: token.content.replace(/\n$/, ''),
        lineStart,
        lineEnd: bodyStartLine + token.map[1] - 1,
        sectionPath: headings.map((heading) => heading.text),
        attributes,
      });
    }
  }
  return {
    frontMatter,
    title: title || file,
    summary: typeof frontMatter.summary === 'string' ? frontMatter.summary : '',
    body,
    bodyStartLine,
    steps,
    diagnostics,
  };
}

function splitFrontMatter(source: string, file: string, diagnostics: Diagnostic[]) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { frontMatter: {}, body: source, bodyStartLine: 1 };
  const consumedLines = match[0].split('\n').length - (match[0].endsWith('\n') ? 1 : 0);
  let frontMatter: Record<string, unknown> = {};
  try {
    const value: unknown = parseYaml(match[1]!);
    if (value && typeof value === 'object' && !Array.isArray(value)) frontMatter = value as Record<string, unknown>;
  } catch (error) {
    diagnostics.push({ file, line: 2, column: 1, severity: 'error', rule: 'front-matter', message: `Front matter is not valid YAML: ${(error as Error).message}` });
  }
  return { frontMatter, body: source.slice(match[0].length), bodyStartLine: consumedLines + 1 };
}

function parseAttributes(text: string): StepAttributes {
  if (!text.startsWith('{')) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as StepAttributes;
  } catch {
    // key=value form below
  }
  const attributes: StepAttributes = {};
  for (const match of text.matchAll(/([A-Za-z_][\w-]*)=("[^"]*"|\S+?)(?=[\s}]|$)/g)) {
    const raw = match[2]!.replace(/^"|"$/g, '');
    attributes[match[1]!] = raw === 'true' ? true : raw === 'false' ? false : raw;
  }
  return attributes;
}
