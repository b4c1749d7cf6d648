/**
 * The recent samples of one tag, oldest first, as the model windows need them: appended live,
 * filled from history when a binding starts, and trimmed to the longest window that reads the
 * tag — always keeping the last sample before that window, the value held into it.
 */
export class SampleSeries {
  ts: number[] = [];
  value: (number | null)[] = [];
  quality: number[] = [];
  /** Index of the first live entry; entries before it are trimmed, dropped in batches. */
  start = 0;
  /**
   * Bumped whenever a sample other than a newer one is written (an out-of-order insert, a
   * replaced instant, history merged in): windows kept from before it cannot be shifted on.
   */
  revision = 0;

  get size(): number {
    return this.ts.length - this.start;
  }

  /** The newest sample's time, or null. */
  get lastTs(): number | null {
    return this.size > 0 ? this.ts[this.ts.length - 1]! : null;
  }

  push(ts: number, value: number | null, quality: number): void {
    const last = this.lastTs;
    if (last !== null && ts < last) {
      this.insert(ts, value, quality);
      return;
    }
    if (last === ts) {
      // A newer report for the same instant replaces the older (a stale marker, a correction).
      const i = this.ts.length - 1;
      this.revision++;
      this.value[i] = value;
      this.quality[i] = quality;
      return;
    }
    this.ts.push(ts);
    this.value.push(value);
    this.quality.push(quality);
  }

  /** Samples from history, merged in time order with what arrived live meanwhile. */
  merge(ts: readonly number[], value: readonly (number | null)[], quality: readonly number[]): void {
    for (let i = 0; i < ts.length; i++) {
      if (this.indexOf(ts[i]!) < 0) this.push(ts[i]!, value[i] ?? null, quality[i]!);
    }
  }

  /** Drops samples before `from`, except the last one before it. */
  trim(from: number): void {
    let keep = this.start;
    while (keep + 1 < this.ts.length && this.ts[keep + 1]! <= from) keep++;
    this.start = keep;
    if (this.start > 1024 && this.start > this.ts.length / 2) {
      this.ts = this.ts.slice(this.start);
      this.value = this.value.slice(this.start);
      this.quality = this.quality.slice(this.start);
      this.start = 0;
    }
  }

  /** Index of the last sample at or before `t`, or start − 1 when there is none. */
  lastAtOrBefore(t: number): number {
    let low = this.start;
    let high = this.ts.length - 1;
    let found = this.start - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (this.ts[mid]! <= t) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  private indexOf(ts: number): number {
    const i = this.lastAtOrBefore(ts);
    return i >= this.start && this.ts[i] === ts ? i : -1;
  }

  private insert(ts: number, value: number | null, quality: number): void {
    this.revision++;
    const at = this.lastAtOrBefore(ts) + 1;
    if (at > this.start && this.ts[at - 1] === ts) {
      this.value[at - 1] = value;
      this.quality[at - 1] = quality;
      return;
    }
    this.ts.splice(at, 0, ts);
    this.value.splice(at, 0, value);
    this.quality.splice(at, 0, quality);
  }
}
