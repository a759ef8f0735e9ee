/**
 * Merges pty output into fewer, larger messages. Hyper's DataBatcher uses the
 * same bounds: flush after 16 ms (one frame) or once 200 KB are waiting,
 * whichever comes first, so a flood costs few IPC messages and a lone
 * keystroke echo still appears within a frame.
 */
export const BATCH_INTERVAL_MS = 16;
export const BATCH_MAX_CHARS = 200 * 1024;

export class OutputBatcher {
  private parts: string[] = [];
  private size = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly flushTo: (data: string) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
    private readonly maxChars = BATCH_MAX_CHARS,
  ) {}

  push(data: string): void {
    if (!data) return;
    this.parts.push(data);
    this.size += data.length;
    if (this.size >= this.maxChars) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.size) return;
    const data = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.flushTo(data);
  }

  dispose(): void {
    this.flush();
  }
}
