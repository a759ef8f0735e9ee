/**
 * Hybrid logical clocks: the order shared incident fields merge in.
 *
 * A timestamp is wall-clock milliseconds, a counter for events in the same
 * millisecond (or while the wall clock lags a timestamp already seen), and
 * the install id of the responder that made it, which breaks the last ties.
 * Encoded as a fixed-width string, so the string order is the clock order.
 * A responder whose wall clock runs behind still orders its edits after
 * everything it has seen (receive() moves its clock past them).
 */
export interface HlcTimestamp {
  /** Wall-clock milliseconds since the epoch (the max seen). */
  wallMs: number;
  counter: number;
  node: string;
}

const WALL_WIDTH = 15;
const COUNTER_WIDTH = 6;

/** The sortable text form: `000001733040000000.000000.<node>` style, fixed width. */
export function encodeHlc(hlc: HlcTimestamp): string {
  return `${String(hlc.wallMs).padStart(WALL_WIDTH, '0')}.${String(hlc.counter).padStart(COUNTER_WIDTH, '0')}.${hlc.node}`;
}

export function decodeHlc(text: string): HlcTimestamp {
  const match = /^(\d{15})\.(\d{6})\.(.+)$/.exec(text);
  if (!match) throw new Error(`not a hybrid logical clock timestamp: "${text}"`);
  return { wallMs: Number(match[1]), counter: Number(match[2]), node: match[3]! };
}

/** Negative when a orders before b; the encoded forms compare the same way. */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One responder's clock. Not shared between processes: each seeds itself from the record ({@link observe}). */
export class HybridLogicalClock {
  private wallMs = 0;
  private counter = 0;

  constructor(
    readonly node: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A new timestamp for a local event, after every one made or seen so far. */
  tick(): string {
    const physical = this.now();
    if (physical > this.wallMs) {
      this.wallMs = physical;
      this.counter = 0;
    } else {
      this.counter += 1;
    }
    return encodeHlc({ wallMs: this.wallMs, counter: this.counter, node: this.node });
  }

  /** Moves the clock past a timestamp seen on another responder's (or an earlier process's) event. */
  observe(text: string): void {
    const seen = decodeHlc(text);
    if (seen.wallMs > this.wallMs || (seen.wallMs === this.wallMs && seen.counter > this.counter)) {
      this.wallMs = seen.wallMs;
      this.counter = seen.counter;
    }
  }
}
