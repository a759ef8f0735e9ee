import fs from 'node:fs';
import path from 'node:path';
import { renderIncidentAsciicasts } from '../../shared/export/export-asciicast';
import { renderIncidentHtml } from '../../shared/export/export-html';
import { renderIncidentJson } from '../../shared/export/export-json';
import { renderPostmortemMarkdown } from '../../shared/export/postmortem-markdown';
import { exportBaseName } from '../../shared/export/timeline-view';

export { exportBaseName };
import { InvalidInput } from '../../shared/model/domain-errors';
import type { EventStore } from '../store/event-store';
import { readIncidentRecord, SUMMARY_STEP_OUTPUT_TAIL_BYTES } from '../store/incident-record-reader';
import type { IncidentStore } from '../store/incident-store';

/** The export formats: Markdown postmortem, versioned JSON, self-contained HTML, asciicast v2 per session. */
export const EXPORT_FORMATS = ['md', 'json', 'html', 'cast'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One exported file. */
export interface ExportedFile {
  fileName: string;
  content: string;
}

/** Options of {@link exportIncident}. */
export interface ExportIncidentOptions {
  /** Values known to be secret (secret params); detected secrets are masked whatever is passed. */
  secretValues?: readonly string[];
  /** Printed in the export; defaults to now. */
  generatedAt?: string;
}

const EXTENSION: Record<Exclude<ExportFormat, 'cast'>, string> = { md: 'md', json: 'json', html: 'html' };

/**
 * Renders one incident in one format, every secret masked (the renderers
 * redact the record they are given; nothing here bypasses that). `cast`
 * gives one file per terminal session.
 */
export function exportIncident(
  events: EventStore,
  incidents: IncidentStore,
  incidentId: string,
  format: ExportFormat,
  options: ExportIncidentOptions = {},
): ExportedFile[] {
  const summary = format === 'md' || format === 'html';
  const record = readIncidentRecord(events, incidents, incidentId, summary ? { stepOutputTailBytes: SUMMARY_STEP_OUTPUT_TAIL_BYTES } : {});
  const renderOptions = {
    redaction: { secretValues: options.secretValues ?? [] },
    generatedAt: options.generatedAt ?? new Date().toISOString(),
  };
  const base = exportBaseName(record);
  switch (format) {
    case 'md':
      return [{ fileName: `${base}-postmortem.md`, content: renderPostmortemMarkdown(record, renderOptions) }];
    case 'json':
      return [{ fileName: `${base}.${EXTENSION.json}`, content: renderIncidentJson(record, renderOptions) }];
    case 'html':
      return [{ fileName: `${base}.${EXTENSION.html}`, content: renderIncidentHtml(record, renderOptions) }];
    case 'cast':
      return renderIncidentAsciicasts(record, renderOptions).map((file) => ({ fileName: file.fileName, content: file.content }));
  }
}

/**
 * Writes exported files. `out` is a file path for a single file, or a folder
 * (existing, or ending in a separator) for several. Every target is checked
 * before anything is written, and a failure names the path and the reason.
 * Returns the paths written.
 */
export function writeExportedFiles(files: readonly ExportedFile[], out: string): string[] {
  const asFolder = files.length !== 1 || out.endsWith(path.sep) || out.endsWith('/') || isDirectory(out);
  const targets = files.map((file) => (asFolder ? path.join(out, file.fileName) : out));
  const folder = asFolder ? out : path.dirname(out);
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.accessSync(folder, fs.constants.W_OK);
  } catch (error) {
    throw new InvalidInput(`Cannot write the export to ${folder}: ${plainReason(error)}. Choose a folder you can write to.`);
  }
  files.forEach((file, index) => {
    const target = targets[index]!;
    try {
      // Written beside the target then renamed, so a failed export never leaves half a file under its name.
      const temporary = `${target}.${process.pid}.partial`;
      fs.writeFileSync(temporary, file.content);
      fs.renameSync(temporary, target);
    } catch (error) {
      fs.rmSync(`${target}.${process.pid}.partial`, { force: true });
      throw new InvalidInput(`Cannot write the export to ${target}: ${plainReason(error)}.`);
    }
  });
  return targets;
}

function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}

function plainReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOTDIR') return 'part of the path is a file, not a folder';
  if (code === 'EISDIR') return 'it is a folder';
  return (error as Error).message;
}
