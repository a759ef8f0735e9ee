/** MIME types of the export formats, for the downloaded Blob. */
const MIME_BY_EXTENSION: Record<string, string> = {
  md: 'text/markdown;charset=utf-8',
  json: 'application/json;charset=utf-8',
  html: 'text/html;charset=utf-8',
  cast: 'application/x-asciicast;charset=utf-8',
};

/**
 * Saves text as a file through a Blob link: a download in the browser host,
 * and Electron's download handling in the desktop app.
 */
export function downloadTextFile(fileName: string, content: string): void {
  const extension = fileName.split('.').pop() ?? '';
  const blob = new Blob([content], { type: MIME_BY_EXTENSION[extension] ?? 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: revoking at once can cancel the download before it starts.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
