import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ContractFailure } from '../../shared/ipc/envelope';
import type { Runbook, RunbookOrigin, RunbookSummary } from '../../shared/model/runbook';
import { parseRunbook } from '../../shared/runbook/parse-runbook';

export interface RunbookFolder {
  dir: string;
  origin: RunbookOrigin;
}

/** Files larger than this are listed with an error instead of being parsed. */
export const MAX_RUNBOOK_BYTES = 5 * 1024 * 1024;

/**
 * The runbooks Firebreak knows: every `.md` file in the bundled folder and in
 * folders the user added. A runbook that fails to read or parse is still
 * listed, with its diagnostics; a missing folder is a problem to report, not
 * a crash.
 */
export class RunbookLibrary {
  private runbooks = new Map<string, Runbook>();
  private problems: string[] = [];

  constructor(private readonly folders: RunbookFolder[]) {
    this.reload();
  }

  get dirs(): string[] {
    return this.folders.map((folder) => folder.dir);
  }

  reload(): void {
    const runbooks = new Map<string, Runbook>();
    const problems: string[] = [];
    for (const folder of this.folders) {
      let names: string[];
      try {
        names = fs.readdirSync(folder.dir).filter((name) => name.toLowerCase().endsWith('.md')).sort();
      } catch (error) {
        problems.push(`Runbook folder ${folder.dir} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
        continue;
      }
      if (names.length === 0) problems.push(`Runbook folder ${folder.dir} has no .md runbooks.`);
      for (const name of names) {
        const runbook = loadRunbook(path.join(folder.dir, name), folder.origin);
        let id = runbook.id;
        for (let n = 2; runbooks.has(id); n++) id = `${runbook.id}-${n}`;
        runbooks.set(id, { ...runbook, id });
      }
    }
    this.runbooks = runbooks;
    this.problems = problems;
  }

  list(): { runbooks: RunbookSummary[]; problems: string[] } {
    return { runbooks: [...this.runbooks.values()].map(toSummary), problems: [...this.problems] };
  }

  get(id: string): Runbook {
    const runbook = this.runbooks.get(id);
    if (!runbook) throw new ContractFailure('not_found', `No runbook with id "${id}" in the library.`);
    return runbook;
  }
}

export function loadRunbook(file: string, origin: RunbookOrigin): Runbook {
  const fallbackId = path.basename(file, path.extname(file));
  let buffer: Buffer;
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_RUNBOOK_BYTES) {
      return brokenRunbook(file, origin, fallbackId, `File is ${stat.size} bytes; runbooks are limited to ${MAX_RUNBOOK_BYTES} bytes.`);
    }
    buffer = fs.readFileSync(file);
  } catch (error) {
    return brokenRunbook(file, origin, fallbackId, `Cannot read file: ${(error as Error).message}`);
  }
  const source = buffer.toString('utf8');
  const parsed = parseRunbook(source, file);
  const frontMatter = parsed.frontMatter;
  const stringList = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  return {
    id: typeof frontMatter.id === 'string' && frontMatter.id ? frontMatter.id : fallbackId,
    title: parsed.title,
    summary: parsed.summary,
    path: file,
    origin,
    ...(typeof frontMatter.severity === 'string' ? { severity: frontMatter.severity } : {}),
    tags: stringList(frontMatter.tags),
    services: stringList(frontMatter.services),
    stepCount: parsed.steps.length,
    errorCount: parsed.diagnostics.filter((d) => d.severity === 'error').length,
    warningCount: parsed.diagnostics.filter((d) => d.severity === 'warning').length,
    source,
    contentHash: createHash('sha256').update(buffer).digest('hex'),
    frontMatter,
    bodyStartLine: parsed.bodyStartLine,
    steps: parsed.steps,
    checklist: parsed.checklist,
    params: parsed.params,
    profiles: parsed.profiles,
    headings: parsed.headings,
    diagnostics: parsed.diagnostics,
  };
}

function brokenRunbook(file: string, origin: RunbookOrigin, id: string, message: string): Runbook {
  return {
    id,
    title: path.basename(file),
    summary: '',
    path: file,
    origin,
    tags: [],
    services: [],
    stepCount: 0,
    errorCount: 1,
    warningCount: 0,
    source: '',
    contentHash: '',
    frontMatter: {},
    bodyStartLine: 1,
    steps: [],
    checklist: [],
    params: [],
    profiles: [],
    headings: [],
    diagnostics: [{ file, line: 1, column: 1, severity: 'error', rule: 'unreadable', message }],
  };
}

function toSummary(runbook: Runbook): RunbookSummary {
  const { source: _source, contentHash: _hash, frontMatter: _fm, bodyStartLine: _body, steps: _steps, checklist: _checklist, params: _params, profiles: _profiles, headings: _headings, diagnostics: _diagnostics, ...summary } = runbook;
  return summary;
}
