/**
 * The rolling z-score detector: each new value against the mean and (sample) standard deviation
 * of the `size` values before it — the value itself is left out, so a spike does not widen the
 * band it is judged by. Nothing is scored until the window is full.
 */
export class RollingZScore {
  private readonly values: Float64Array;
  private count = 0;
  private next = 0;

  constructor(readonly size: number) {
    this.values = new Float64Array(size);
  }

  /**
   * The z value of `value`, then `value` joins the window. Null while the window is filling;
   * Infinity (signed) when the window is flat and the value differs from it.
   */
  push(value: number): number | null {
    let z: number | null = null;
    if (this.count === this.size) {
      let sum = 0;
      for (const v of this.values) sum += v;
      const mean = sum / this.size;
      let squares = 0;
      for (const v of this.values) squares += (v - mean) * (v - mean);
      const std = Math.sqrt(squares / (this.size - 1));
      const delta = value - mean;
      z = std > 0 ? delta / std : delta === 0 ? 0 : Math.sign(delta) * Infinity;
    }
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.size;
    this.count = Math.min(this.size, this.count + 1);
    return z;
  }
}
