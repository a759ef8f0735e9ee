/**
 * Merges pty output into fewer, larger messages. Hyper's DataBatcher uses the
 * same bounds: flush after 16 ms (one frame) or once 200 KB are waiting,
 * whichever comes first, so a flood costs few IPC messages and a lone
 * keystroke echo still appears within a frame.
 */
export const BATCH_INTERVAL_MS = 16;
export const BATCH_MAX_CHARS = 200 * 1024;

export class OutputBatcher {
  /**
   * One string grown with `+=`: V8 keeps it as a rope, so no copy is made
   * on the pty's data handler; it is flattened once, where a transport
   * serialises the message (IPC, WebSocket, stdout). Joining an array at
   * flush copied 200 KB there whether or not anyone was listening.
   */
  private pending = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly flushTo: (data: string) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
    private readonly maxChars = BATCH_MAX_CHARS,
  ) {}

  push(data: string): void {
    if (!data) return;
    this.pending += data;
    if (this.pending.length >= this.maxChars) {
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
    if (!this.pending) return;
    const data = this.pending;
    this.pending = '';
    this.flushTo(data);
  }

  dispose(): void {
    this.flush();
  }
}
