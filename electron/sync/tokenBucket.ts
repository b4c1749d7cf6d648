/**
 * The backfill budget in bytes per second, as a token bucket that may go into debt: a batch is
 * sent whole when the bucket is not empty, and its bytes are taken afterwards. So a budget
 * below one batch's size (1 kB/s against a 120 KiB batch) still sends, one batch every
 * size/rate seconds, and the long-run average holds to the budget. The bucket holds at most one
 * second of budget, so an idle minute does not turn into a burst of a minute's worth.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /** `rate` null: unlimited. */
  constructor(
    private rate: number | null,
    private readonly now: () => number = Date.now,
  ) {
    this.last = now();
    this.tokens = rate ?? 0;
  }

  setRate(rate: number | null): void {
    this.refill();
    this.rate = rate;
    if (rate !== null) this.tokens = Math.min(this.tokens, rate);
  }

  /** Whether a batch may go now. */
  ready(): boolean {
    if (this.rate === null) return true;
    this.refill();
    return this.tokens > 0;
  }

  /** Bytes that may go now before the bucket is empty (Infinity when unlimited). */
  available(): number {
    if (this.rate === null) return Number.POSITIVE_INFINITY;
    this.refill();
    return Math.max(0, this.tokens);
  }

  /** Milliseconds until `ready()` turns true; 0 when it is. */
  waitMs(): number {
    if (this.rate === null) return 0;
    this.refill();
    return this.tokens > 0 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.rate);
  }

  take(bytes: number): void {
    if (this.rate === null) return;
    this.refill();
    this.tokens -= bytes;
  }

  private refill(): void {
    const now = this.now();
    // A clock that stepped back gives nothing and takes nothing: the bucket waits for it.
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    if (this.rate !== null) this.tokens = Math.min(this.rate, this.tokens + (elapsed / 1000) * this.rate);
  }
}
