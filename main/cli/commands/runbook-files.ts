import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../../shared/model/diagnostic';
import { parseRunbook, type ParsedRunbook } from '../../../shared/runbook/parse-runbook';
import { MAX_RUNBOOK_BYTES } from '../../runbooks/runbook-library';

/** Folders never searched for runbooks: dependencies and VCS data, not runbooks. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * Expands files and folders into runbook files: a file as given, a folder
 * searched recursively for `.md`. A path that does not exist becomes a
 * diagnostic instead of an exception.
 */
export function collectRunbookFiles(paths: string[]): { files: string[]; problems: Diagnostic[] } {
  const files: string[] = [];
  const problems: Diagnostic[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push(unreadable(dir, `Cannot read folder: ${(error as Error).message}`));
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) files.push(full);
    }
  };
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      problems.push(unreadable(given, `Cannot read ${given}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}.`));
      continue;
    }
    if (stat.isDirectory()) walk(given);
    else files.push(given);
  }
  return { files, problems };
}

/**
 * Reads and parses one runbook file. Files over the library's size limit are
 * refused without being read, so a huge file costs no memory.
 */
export function parseRunbookFile(file: string): ParsedRunbook {
  let source: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_RUNBOOK_BYTES) return failed(file, 'file-too-large', `This file is ${size} bytes; runbooks are limited to ${MAX_RUNBOOK_BYTES} bytes. Split it into smaller runbooks.`);
    source = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return failed(file, 'unreadable', `Cannot read file: ${(error as Error).message}`);
  }
  return parseRunbook(source, file);
}

function failed(file: string, rule: string, message: string): ParsedRunbook {
  const parsed = parseRunbook('', file);
  return { ...parsed, diagnostics: [{ file, line: 1, column: 1, severity: 'error', rule, message }] };
}

function unreadable(file: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, severity: 'error', rule: 'unreadable', message };
}
