import { worseQuality } from '../../shared/quality.js';
import type { Series } from '../../shared/domain.js';
import type { ChunkSummary } from './chunkSummary.js';

/**
 * M4 aggregation (Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation",
 * PVLDB 2014): for each of `columns` equal time buckets keep the first, minimum, maximum and
 * last sample. A line chart of the result is pixel-identical to one of the raw data, so spikes
 * an operator must see are never averaged away. Bad samples (no value) are kept as gaps.
 */
export class M4Accumulator {
  private readonly out: Series = { ts: [], value: [], quality: [] };
  private bucket = -1;
  private firstTs = 0;
  private firstValue: number | null = null;
  private lastTs = 0;
  private lastValue: number | null = null;
  private minTs = 0;
  private minValue = Infinity;
  private maxTs = 0;
  private maxValue = -Infinity;
  private quality = 0;
  private hadGap = false;
  private gapTs = 0;

  constructor(
    private readonly from: number,
    private readonly to: number,
    private readonly columns: number,
  ) {}

  bucketOf(ts: number): number {
    const span = Math.max(1, this.to - this.from + 1);
    return Math.min(this.columns - 1, Math.floor(((ts - this.from) * this.columns) / span));
  }

  /**
   * A whole chunk that falls inside one bucket, from its summary: its first, minimum, maximum
   * and last (and a gap if it holds one) stand for all its samples, as they would in M4. Needs
   * a span of at least 4 ms to place them in order; shorter chunks are decoded instead.
   */
  addSummary(s: ChunkSummary): void {
    const mid = s.startTs + Math.floor((s.endTs - s.startTs) / 2) - 1;
    this.add(s.startTs, s.first, s.worstQuality);
    if (s.min !== null) this.add(mid, s.min, s.worstQuality);
    if (s.max !== null) this.add(mid + 1, s.max, s.worstQuality);
    if (s.hasGap) this.add(mid + 2, null, s.worstQuality);
    this.add(s.endTs, s.last, s.worstQuality);
  }

  add(ts: number, value: number | null, quality: number): void {
    const bucket = this.bucketOf(ts);
    if (bucket !== this.bucket) {
      this.flush();
      this.bucket = bucket;
      this.firstTs = ts;
      this.firstValue = value;
      this.quality = quality;
      this.hadGap = false;
    }
    this.lastTs = ts;
    this.lastValue = value;
    this.quality = worseQuality(this.quality, quality);
    if (value === null) {
      if (!this.hadGap) this.gapTs = ts;
      this.hadGap = true;
      return;
    }
    if (value < this.minValue) [this.minValue, this.minTs] = [value, ts];
    if (value > this.maxValue) [this.maxValue, this.maxTs] = [value, ts];
  }

  finish(): Series {
    this.flush();
    return this.out;
  }

  private flush(): void {
    if (this.bucket < 0) return;
    const points: [number, number | null][] = [[this.firstTs, this.firstValue]];
    if (this.minValue !== Infinity) points.push([this.minTs, this.minValue], [this.maxTs, this.maxValue]);
    if (this.hadGap) points.push([this.gapTs, null]);
    points.push([this.lastTs, this.lastValue]);
    points.sort((a, b) => a[0] - b[0]);
    let previousTs = -Infinity;
    for (const [ts, value] of points) {
      if (ts === previousTs) continue;
      previousTs = ts;
      this.out.ts.push(ts);
      this.out.value.push(value);
      this.out.quality.push(this.quality);
    }
    this.minValue = Infinity;
    this.maxValue = -Infinity;
  }
}
