import { StringDecoder } from 'node:string_decoder';
import { createStreamingRedactor, type StreamingRedactor } from '../../shared/redaction/streaming-redactor';
import type { OutputSink } from '../terminal/output-recorder';

interface SessionStream {
  decoder: StringDecoder;
  redactor: StreamingRedactor;
  runId: string | null;
}

/**
 * An {@link OutputSink} that masks secrets before output is stored, when
 * write-time redaction is on, so they never reach the database file. Each
 * session's bytes run through one streaming redactor (a secret split across
 * chunks or wrapped in escape sequences is still masked); the redactor holds
 * back a little text until it is sure, and `flush` releases it. When the
 * setting is off, bytes pass through untouched.
 */
export class RedactingOutputSink implements OutputSink {
  private readonly streams = new Map<string, SessionStream>();

  constructor(
    private readonly inner: OutputSink,
    private readonly enabled: () => boolean,
  ) {}

  write(sessionId: string, runId: string | null, bytes: Buffer): void {
    let stream = this.streams.get(sessionId);
    if (!stream && !this.enabled()) {
      this.inner.write(sessionId, runId, bytes);
      return;
    }
    if (stream && stream.runId !== runId) {
      // Held-back text belongs to the run it arrived in.
      this.release(sessionId, stream);
      stream = undefined;
    }
    if (!stream) {
      stream = { decoder: new StringDecoder('utf8'), redactor: createStreamingRedactor(), runId };
      this.streams.set(sessionId, stream);
    }
    const released = stream.redactor.push(stream.decoder.write(bytes));
    if (released) this.inner.write(sessionId, runId, Buffer.from(released, 'utf8'));
  }

  flush(): void {
    for (const [sessionId, stream] of this.streams) this.release(sessionId, stream);
    this.inner.flush();
  }

  private release(sessionId: string, stream: SessionStream): void {
    const rest = stream.redactor.push(stream.decoder.end()) + stream.redactor.flush();
    this.streams.delete(sessionId);
    if (rest) this.inner.write(sessionId, stream.runId, Buffer.from(rest, 'utf8'));
  }
}
