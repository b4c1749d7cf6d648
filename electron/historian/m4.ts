import { Quality, worseQuality } from '../../shared/quality.js';
import type { Series } from '../../shared/domain.js';
import type { ChunkSummary } from './chunkSummary.js';

/**
 * A column breaks its line for bad data only when the data was unusable for at least this share
 * of the column: a raw chart would show a shorter bad stretch as a break narrower than a pixel,
 * and a year of a tag with one bad sample every few hours would otherwise draw as dust. Its
 * values are then marked at least Uncertain, so the line is drawn as doubtful, never as good.
 */
const GAP_SHARE = 0.25;

interface Point {
  ts: number;
  value: number | null;
  quality: number;
}

/**
 * M4 aggregation (Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation",
 * PVLDB 2014): for each of `columns` equal time buckets keep the first, minimum, maximum and
 * last sample, each with its own quality. A line chart of the result is pixel-identical to one
 * of the raw data, so spikes an operator must see are never averaged away. Bad samples (no
 * value) are kept as gaps wherever they last long enough to be seen at this width.
 */
export class M4Accumulator {
  private readonly out: Series = { ts: [], value: [], quality: [] };
  private readonly columnMs: number;
  private bucket = -1;
  private first: Point | null = null;
  private last: Point | null = null;
  private min: Point | null = null;
  private max: Point | null = null;
  private gap: Point | null = null;
  private unusableMs = 0;
  /** The previous sample, for the time the series spent without a usable value. */
  private previousTs = 0;
  private previousUnusable = false;

  constructor(
    private readonly from: number,
    private readonly to: number,
    private readonly columns: number,
  ) {
    this.columnMs = Math.max(1, to - from + 1) / columns;
  }

  bucketOf(ts: number): number {
    const span = Math.max(1, this.to - this.from + 1);
    return Math.min(this.columns - 1, Math.floor(((ts - this.from) * this.columns) / span));
  }

  /**
   * A whole run of samples from its summary: its first, minimum, maximum and last (and a gap if
   * it holds one) stand for all its samples, as they would in M4. Needs a span of at least 4 ms
   * to place them in order; shorter runs are decoded instead. Values carry the summary's
   * `valueQuality`; a summary without one (a chunk) gives Uncertain where its worst was Bad.
   */
  addSummary(s: ChunkSummary): void {
    const valueQuality = s.valueQuality ?? (isBad(s.worstQuality) ? Quality.Uncertain : s.worstQuality);
    const q = (value: number | null) => (value === null ? s.worstQuality : valueQuality);
    const mid = s.startTs + Math.floor((s.endTs - s.startTs) / 2) - 1;
    this.add(s.startTs, s.first, q(s.first));
    if (s.min !== null) this.record(mid, s.min, valueQuality);
    if (s.max !== null) this.record(mid + 1, s.max, valueQuality);
    if (s.hasGap) this.record(mid + 2, null, s.worstQuality);
    this.record(s.endTs, s.last, q(s.last));
    // Without its bad time (a chunk's summary), a gap is shown whatever its length.
    this.unusableMs += s.hasGap ? (s.badMs ?? Infinity) : 0;
    this.previousTs = s.endTs;
    this.previousUnusable = s.last === null;
  }

  add(ts: number, value: number | null, quality: number): void {
    this.enter(ts);
    if (this.previousUnusable) this.unusableMs += ts - this.previousTs;
    this.record(ts, value, quality);
    this.previousTs = ts;
    this.previousUnusable = value === null;
  }

  finish(): Series {
    this.flush();
    return this.out;
  }

  private enter(ts: number): void {
    const bucket = this.bucketOf(ts);
    if (bucket === this.bucket) return;
    this.flush();
    this.bucket = bucket;
  }

  private record(ts: number, value: number | null, quality: number): void {
    const point = { ts, value, quality };
    this.first ??= point;
    this.last = point;
    if (value === null) {
      if (this.gap) this.gap.quality = worseQuality(this.gap.quality, quality);
      else this.gap = point;
      return;
    }
    if (this.min === null || value < this.min.value!) this.min = point;
    if (this.max === null || value > this.max.value!) this.max = point;
  }

  private flush(): void {
    if (this.bucket < 0 || !this.first) return;
    const points = [this.first, this.min, this.max, this.last];
    if (this.gap && this.unusableMs >= GAP_SHARE * this.columnMs) points.push(this.gap);
    else if (this.gap) {
      // Drawn through, but not as if all were well: the values say the column held bad data.
      for (const point of points)
        if (point && point.value !== null) point.quality = worseQuality(point.quality, Quality.Uncertain);
    }
    let previousTs = -Infinity;
    for (const point of points.filter((p) => p !== null).sort((a, b) => a.ts - b.ts)) {
      if (point.ts === previousTs) continue;
      previousTs = point.ts;
      this.out.ts.push(point.ts);
      this.out.value.push(point.value);
      this.out.quality.push(point.quality);
    }
    this.first = this.last = this.min = this.max = this.gap = null;
    this.unusableMs = 0;
  }
}

function isBad(quality: number): boolean {
  return quality >>> 30 === 2;
}
