/** Where a progress bar draws: a stream that may be a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * A one-line progress bar on stderr, for long runs only: nothing is drawn
 * unless the stream is a terminal and the run has taken longer than `delayMs`,
 * and the line is erased when the run ends, so output stays clean.
 */
export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly enabled: boolean;
  private readonly delayMs: number;
  private readonly started: number;
  private readonly now: () => number;
  private total = 1;
  private done = 0;
  private drawn = false;

  constructor(
    stream: ProgressStream,
    options: { delayMs?: number; now?: () => number; enabled?: boolean } = {}
  ) {
    this.stream = stream;
    this.enabled = options.enabled ?? Boolean(stream.isTTY);
    this.delayMs = options.delayMs ?? 400;
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** Sets how many steps the run has. */
  plan(total: number): void {
    this.total = Math.max(1, total);
  }

  /** One step done; `label` says what comes next. */
  step(label: string): void {
    this.done = Math.min(this.total, this.done + 1);
    this.show(label);
  }

  /** Says what is happening without counting a step. */
  show(label: string): void {
    if (!this.enabled || this.now() - this.started < this.delayMs) return;
    const width = 24;
    const filled = Math.round((this.done / this.total) * width);
    const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
    const percent = `${Math.round((this.done / this.total) * 100)}%`.padStart(4);
    const room = Math.max(10, (this.stream.columns ?? 80) - width - 10);
    const text = label.length > room ? `${label.slice(0, room - 1)}…` : label;
    this.stream.write(`\r\x1b[K${bar} ${percent} ${text}`);
    this.drawn = true;
  }

  /** Erases the bar, if one was drawn. */
  end(): void {
    if (this.drawn) this.stream.write("\r\x1b[K");
    this.drawn = false;
  }
}
