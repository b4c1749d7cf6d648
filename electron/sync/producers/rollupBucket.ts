import type { RollupRecord } from '../../../shared/sync.js';

/**
 * One tag's figures over one interval [start, start + resMs): count, min, max, mean and last of
 * the good numeric samples, and the share of all samples that were good. Buckets of a finer
 * resolution fold into a coarser one exactly (sums and counts, not means), which is how hourly
 * rollups are made from the configured ones without a second pass over the samples.
 */
export class RollupBucket {
  /** Good numeric samples. */
  count = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;
  last: number | null = null;
  private lastTs = -Infinity;
  /** All samples, and those of good quality (numeric or not). */
  samples = 0;
  good = 0;

  constructor(
    readonly start: number,
    readonly resMs: number,
    /** Monotonic time at which the bucket closes if the tag goes silent (see TagRollup). */
    readonly deadline: number,
  ) {}

  get end(): number {
    return this.start + this.resMs;
  }

  add(ts: number, value: number | null, quality: number): void {
    this.samples++;
    if (quality >>> 30 !== 0) return;
    this.good++;
    // NaN and infinities are not measurements (JSON cannot carry them either).
    if (value === null || !Number.isFinite(value)) return;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (ts >= this.lastTs) {
      this.lastTs = ts;
      this.last = value;
    }
  }

  /** Folds a closed finer bucket in. */
  merge(other: RollupBucket): void {
    this.samples += other.samples;
    this.good += other.good;
    if (other.count === 0) return;
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    if (other.lastTs >= this.lastTs) {
      this.lastTs = other.lastTs;
      this.last = other.last;
    }
  }

  toRecord(tag: string): RollupRecord {
    const some = this.count > 0;
    return {
      at: this.start,
      tag,
      resMs: this.resMs,
      count: this.count,
      min: some ? this.min : null,
      max: some ? this.max : null,
      mean: some ? this.sum / this.count : null,
      last: this.last,
      good: this.samples === 0 ? 0 : this.good / this.samples,
    };
  }
}
