/**
 * Sliding window over the last `size` task outcomes (successes and permanent failures; retried
 * failures are not outcomes). Trips once the window is full and `failures / size >= threshold`.
 */
export class ErrorRateWindow {
  /** Outcomes kept. */
  readonly size: number;
  /** Failure fraction that trips the window. */
  readonly threshold: number;
  private readonly outcomes: Uint8Array;
  private next = 0;
  private filled = 0;
  private failureCount = 0;

  constructor(size: number, threshold: number) {
    this.size = Math.max(1, Math.floor(size));
    this.threshold = threshold;
    this.outcomes = new Uint8Array(this.size);
  }

  /** Failures among the outcomes in the window. */
  get failures(): number {
    return this.failureCount;
  }

  /** Outcomes currently in the window. */
  get count(): number {
    return this.filled;
  }

  /** Records an outcome; returns true when the window trips. */
  record(failed: boolean): boolean {
    const value = failed ? 1 : 0;
    if (this.filled === this.size) this.failureCount -= this.outcomes[this.next] ?? 0;
    else this.filled++;
    this.outcomes[this.next] = value;
    this.failureCount += value;
    this.next = (this.next + 1) % this.size;
    return this.isTripped;
  }

  /** True when the window is full and the failure rate reaches the threshold. */
  get isTripped(): boolean {
    return this.filled === this.size && this.failureCount / this.size >= this.threshold;
  }
}
