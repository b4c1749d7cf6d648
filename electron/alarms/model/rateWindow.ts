/**
 * Rate of change over a sliding window: |Δvalue / Δt| between the newest sample and the oldest
 * one still at the window's edge, in units per second of sample time. Bounded: past `capacity`
 * samples in one window the oldest go first, which shortens the span rather than growing memory.
 */
export class RateWindow {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private size = 0;

  constructor(
    readonly windowMs: number,
    private readonly capacity = 1_024,
  ) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** Adds a sample; answers the rate, or null until two samples at different times are known. */
  add(ts: number, value: number): number | null {
    if (this.size > 0 && ts <= this.times[this.at(this.size - 1)]!) return this.rate();
    if (this.size === this.capacity) this.dropOldest();
    this.times[this.at(this.size)] = ts;
    this.values[this.at(this.size)] = value;
    this.size++;
    // Keep one sample at or before the window's start as the reference.
    while (this.size >= 2 && this.times[this.at(1)]! <= ts - this.windowMs) this.dropOldest();
    return this.rate();
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  private rate(): number | null {
    if (this.size < 2) return null;
    const first = this.at(0);
    const last = this.at(this.size - 1);
    const seconds = (this.times[last]! - this.times[first]!) / 1000;
    return Math.abs(this.values[last]! - this.values[first]!) / seconds;
  }

  private dropOldest(): void {
    this.head = (this.head + 1) % this.capacity;
    this.size--;
  }

  private at(index: number): number {
    return (this.head + index) % this.capacity;
  }
}
