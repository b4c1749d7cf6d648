/**
 * Reconnect delays with exponential backoff and full jitter (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"): attempt n waits a uniform random time in [0, min(max, initial·2^n)].
 * The randomness matters on a site: when a broker restarts, hundreds of clients must not all
 * come back in the same second.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call counts one attempt. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(this.random() * ceiling);
  }

  /** After a connection that held: the next failure starts again from the initial delay. */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
