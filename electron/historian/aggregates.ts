import type { Aggregate, AggregateSeries } from '../../shared/domain.js';
import { worseQuality } from '../../shared/quality.js';
import type { SampleRow } from './rowStreams.js';
import type { RollupBucket } from './rollups/rollupBucket.js';

const isGood = (quality: number) => quality >>> 30 === 0;
const isBad = (quality: number) => quality >>> 30 === 2;

/**
 * Aggregates per interval over samples in time order (OPC UA Part 13 semantics, simplified):
 * avg/min/max/first/last over the samples that are not bad; twa holds each value until the next
 * sample (stepped interpolation), starting from the last sample before the range, and leaves
 * bad periods out of both integral and duration; pctGood is good time over covered time.
 */
export class AggregateAccumulator {
  private readonly n: number;
  private readonly count: Float64Array;
  private readonly sum: Float64Array;
  private readonly used: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly first: (number | null)[];
  private readonly last: (number | null)[];
  private readonly integral: Float64Array;
  private readonly valuedMs: Float64Array;
  private readonly goodMs: Float64Array;
  private readonly knownMs: Float64Array;
  private readonly quality: Uint32Array;
  private cursor: number;
  private held: SampleRow | null;

  constructor(
    private readonly from: number,
    private readonly to: number,
    private readonly interval: number,
    carry: SampleRow | null,
  ) {
    this.n = Math.max(1, Math.ceil((to - from + 1) / interval));
    this.count = new Float64Array(this.n);
    this.sum = new Float64Array(this.n);
    this.used = new Float64Array(this.n);
    this.min = new Float64Array(this.n).fill(Infinity);
    this.max = new Float64Array(this.n).fill(-Infinity);
    this.first = new Array<number | null>(this.n).fill(null);
    this.last = new Array<number | null>(this.n).fill(null);
    this.integral = new Float64Array(this.n);
    this.valuedMs = new Float64Array(this.n);
    this.goodMs = new Float64Array(this.n);
    this.knownMs = new Float64Array(this.n);
    this.quality = new Uint32Array(this.n);
    this.cursor = from;
    this.held = carry;
  }

  add(ts: number, value: number | null, quality: number): void {
    if (ts < this.from || ts > this.to) return;
    this.advance(ts);
    const b = this.bucketOf(ts);
    this.count[b]!++;
    this.quality[b] = worseQuality(this.quality[b]!, quality);
    if (value !== null && !isBad(quality)) {
      this.sum[b]! += value;
      this.used[b]!++;
      if (value < this.min[b]!) this.min[b] = value;
      if (value > this.max[b]!) this.max[b] = value;
      if (this.first[b] === null) this.first[b] = value;
      this.last[b] = value;
    }
    this.held = [ts, value, quality];
  }

  /**
   * A whole rollup bucket that lies inside one interval, instead of its samples: the same
   * figures, added at once. The value held from before it covers the stretch up to its first
   * sample, and its own last sample holds on from there, exactly as if its samples were added.
   */
  addBucket(bucket: RollupBucket): void {
    if (bucket.firstTs < this.from || bucket.lastTs > this.to) return;
    this.advance(bucket.firstTs);
    const b = this.bucketOf(bucket.firstTs);
    this.count[b]! += bucket.count;
    this.quality[b] = worseQuality(this.quality[b]!, bucket.worstQuality);
    if (bucket.valued > 0) {
      this.sum[b]! += bucket.sum;
      this.used[b]! += bucket.valued;
      if (bucket.min! < this.min[b]!) this.min[b] = bucket.min!;
      if (bucket.max! > this.max[b]!) this.max[b] = bucket.max!;
      if (this.first[b] === null) this.first[b] = bucket.first;
      this.last[b] = bucket.last;
    }
    this.integral[b]! += bucket.integral;
    this.valuedMs[b]! += bucket.valuedMs;
    this.goodMs[b]! += bucket.goodMs;
    this.knownMs[b]! += bucket.lastTs - bucket.firstTs;
    this.held = [bucket.lastTs, bucket.lastValue, bucket.lastQuality];
    this.cursor = bucket.lastTs;
  }

  finish(tag: string, wanted: readonly Aggregate[]): AggregateSeries {
    this.advance(this.to + 1);
    const start = Array.from({ length: this.n }, (_, i) => this.from + i * this.interval);
    const pick = (i: number, aggregate: Aggregate): number | null => {
      const used = this.used[i]!;
      switch (aggregate) {
        case 'avg':
          return used > 0 ? this.sum[i]! / used : null;
        case 'twa':
          return this.valuedMs[i]! > 0 ? this.integral[i]! / this.valuedMs[i]! : null;
        case 'min':
          return used > 0 ? this.min[i]! : null;
        case 'max':
          return used > 0 ? this.max[i]! : null;
        case 'first':
          return this.first[i] ?? null;
        case 'last':
          return this.last[i] ?? null;
        case 'count':
          return this.count[i]!;
        case 'pctGood':
          return this.knownMs[i]! > 0 ? (100 * this.goodMs[i]!) / this.knownMs[i]! : null;
      }
    };
    const values: AggregateSeries['values'] = {};
    for (const aggregate of wanted) values[aggregate] = start.map((_, i) => pick(i, aggregate));
    return { tag, start, values, quality: Array.from(this.quality) };
  }

  private bucketOf(ts: number): number {
    return Math.min(this.n - 1, Math.floor((ts - this.from) / this.interval));
  }

  /** Credits the held value to every interval between the cursor and `until`. */
  private advance(until: number): void {
    const held = this.held;
    while (this.cursor < until) {
      const b = this.bucketOf(this.cursor);
      const bucketEnd = Math.min(this.from + (b + 1) * this.interval, this.to + 1);
      const segmentEnd = Math.min(until, bucketEnd);
      const ms = segmentEnd - this.cursor;
      if (held) {
        const [, value, quality] = held;
        this.knownMs[b]! += ms;
        if (isGood(quality)) this.goodMs[b]! += ms;
        this.quality[b] = worseQuality(this.quality[b]!, quality);
        if (value !== null && !isBad(quality)) {
          this.integral[b]! += value * ms;
          this.valuedMs[b]! += ms;
        }
      }
      this.cursor = segmentEnd;
    }
  }
}
