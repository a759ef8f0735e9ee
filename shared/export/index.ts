/** Incident record exports: Markdown postmortem, JSON, HTML and asciicast, all redacted. */
export * from './incident-record';
export type { ExportOptions } from './export-options';
export { renderPostmortemMarkdown, TODO_MARKER } from './postmortem-markdown';
export { renderIncidentJson, parseIncidentExport, incidentExportJsonSchema, IncidentExportSchema, INCIDENT_EXPORT_FORMAT, INCIDENT_EXPORT_VERSION } from './export-json';
export type { IncidentExport, IncidentImportResult } from './export-json';
export { renderIncidentHtml, INCIDENT_HTML_CSP } from './export-html';
export { renderIncidentAsciicasts, renderAsciicast } from './export-asciicast';
export type { AsciicastFile } from './export-asciicast';
export { redactIncidentRecord, redactTerminalChunks } from './redact-record';
