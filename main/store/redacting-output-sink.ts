import { StringDecoder } from 'node:string_decoder';
import type { RedactionOptions } from '../../shared/redaction/find-secrets';
import { createStreamingRedactor, type StreamingRedactor } from '../../shared/redaction/streaming-redactor';
import type { OutputSink } from '../terminal/output-recorder';
import { KnownSecretValues } from './known-secret-values';

interface SessionStream {
  /** Only for bytes that come without the terminal's decoded text. */
  decoder: StringDecoder | null;
  redactor: StreamingRedactor;
  runId: string | null;
}

/**
 * An {@link OutputSink} that masks secrets before output is stored, so they
 * never reach the database file. Secret param values a step was given (see
 * {@link KnownSecretValues}) are ALWAYS masked; the pattern detectors (keys,
 * tokens, passwords) run too when write-time redaction is on. Each
 * session's bytes run through one streaming redactor (a secret split across
 * chunks or wrapped in escape sequences is still masked); the redactor holds
 * back a little text until it is sure, and `flush` releases it. With the
 * setting off and no secret value known yet, bytes pass through untouched.
 */
export class RedactingOutputSink implements OutputSink {
  private readonly streams = new Map<string, SessionStream>();
  /** Read on every scan, so a value learnt mid-stream and a setting switched on apply at once. */
  private readonly redaction: RedactionOptions;

  constructor(
    private readonly inner: OutputSink,
    private readonly enabled: () => boolean,
    private readonly secrets: KnownSecretValues = new KnownSecretValues(),
  ) {
    this.redaction = {
      get secretValues() {
        return secrets.values();
      },
      get detectPatterns() {
        return enabled();
      },
    };
  }

  write(sessionId: string, runId: string | null, bytes: Buffer, decoded?: string): void {
    let stream = this.streams.get(sessionId);
    if (!stream && !this.enabled() && this.secrets.size === 0) {
      this.inner.write(sessionId, runId, bytes);
      return;
    }
    if (stream && stream.runId !== runId) {
      // Held-back text belongs to the run it arrived in.
      this.release(sessionId, stream);
      stream = undefined;
    }
    if (!stream) {
      stream = { decoder: null, redactor: createStreamingRedactor(this.redaction), runId };
      this.streams.set(sessionId, stream);
    }
    // The terminal's own decoding when it comes along: one decoder per session, and a
    // character split across a run boundary stays whole.
    let text = decoded;
    if (text === undefined) {
      stream.decoder ??= new StringDecoder('utf8');
      text = stream.decoder.write(bytes);
    }
    const released = stream.redactor.push(text);
    if (released) this.inner.write(sessionId, runId, Buffer.from(released, 'utf8'));
  }

  flush(): void {
    for (const [sessionId, stream] of this.streams) this.release(sessionId, stream);
    this.inner.flush();
  }

  /** Text the redactor still holds back is not covered: it is shown, but released only once it is sure. */
  beforeDisplay(): void {
    this.inner.beforeDisplay?.();
  }

  backedUp(): boolean {
    return this.inner.backedUp?.() ?? false;
  }

  whenDrained(listener: () => void): void {
    if (this.inner.whenDrained) this.inner.whenDrained(listener);
    else listener();
  }

  private release(sessionId: string, stream: SessionStream): void {
    const rest = stream.redactor.push(stream.decoder?.end() ?? '') + stream.redactor.flush();
    this.streams.delete(sessionId);
    if (rest) this.inner.write(sessionId, stream.runId, Buffer.from(rest, 'utf8'));
  }
}
