/**
 * Watermarks from VS Code's terminal: pause the pty once this many characters
 * were sent to the renderer but not yet drawn, resume once fewer than the low
 * mark remain. Keeps memory bounded under `yes` and keeps Ctrl-C responsive.
 */
export const HIGH_WATERMARK_CHARS = 100_000;
export const LOW_WATERMARK_CHARS = 5_000;

export class FlowControl {
  private unacknowledged = 0;
  private paused = false;

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
    private readonly high = HIGH_WATERMARK_CHARS,
    private readonly low = LOW_WATERMARK_CHARS,
  ) {}

  get pending(): number {
    return this.unacknowledged;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  sent(chars: number): void {
    this.unacknowledged += chars;
    if (!this.paused && this.unacknowledged > this.high) {
      this.paused = true;
      this.pause();
    }
  }

  acknowledged(chars: number): void {
    this.unacknowledged = Math.max(0, this.unacknowledged - chars);
    if (this.paused && this.unacknowledged < this.low) {
      this.paused = false;
      this.resume();
    }
  }

  /** A viewer reattached (e.g. the window reloaded): nothing it had is outstanding any more. */
  reset(): void {
    this.acknowledged(this.unacknowledged);
  }
}
