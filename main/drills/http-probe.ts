import http from 'node:http';

/** What one HTTP GET returned; status 0 when nothing answered in time. */
export interface ProbeResult {
  status: number;
  body: string;
  /** Set when there was no HTTP answer (connection refused, timeout). */
  error?: string;
}

/** Largest body kept from a probe (bytes): health endpoints answer a line or two. */
const MAX_BODY_BYTES = 4096;

/** GETs a loopback URL without keep-alive and never throws. */
export function probe(url: string, timeoutMs = 2000, method: 'GET' | 'POST' = 'GET'): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const request = http.request(url, { method, agent: false, timeout: timeoutMs, headers: { connection: 'close' } }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY_BYTES) }));
      response.on('error', (error) => resolve({ status: 0, body: '', error: error.message }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, body: '', error: error.code ?? error.message }));
    request.end();
  });
}

/** "HTTP 503: overloaded" or "no answer (ECONNREFUSED)", for health details. */
export function describeProbe(result: ProbeResult): string {
  if (result.status === 0) return `no answer (${result.error ?? 'unknown error'})`;
  const firstLine = result.body.trim().split('\n')[0] ?? '';
  return `HTTP ${result.status}${firstLine ? `: ${firstLine}` : ''}`;
}
