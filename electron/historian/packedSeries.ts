import type { HistoryResult, Series } from '../../shared/domain.js';

/**
 * A chart series in typed columns, as it crosses from the historian worker: three buffers
 * moved, not a million numbers cloned one by one. A NaN value is a gap (the contract's null).
 */
export interface PackedSeries {
  ts: Float64Array;
  value: Float64Array;
  quality: Uint32Array;
}

export type PackedHistory = Omit<HistoryResult, 'points'> & { points: PackedSeries };

/** Appends points into typed columns sized for the expected count, growing if it was short. */
export class SeriesBuilder {
  private ts: Float64Array;
  private value: Float64Array;
  private quality: Uint32Array;
  private length = 0;

  constructor(capacity: number) {
    this.ts = new Float64Array(Math.max(16, capacity));
    this.value = new Float64Array(this.ts.length);
    this.quality = new Uint32Array(this.ts.length);
  }

  /** A NaN value is a gap. */
  push(ts: number, value: number, quality: number): void {
    if (this.length === this.ts.length) this.grow();
    this.ts[this.length] = ts;
    this.value[this.length] = value;
    this.quality[this.length] = quality;
    this.length++;
  }

  finish(): PackedSeries {
    return {
      ts: this.ts.subarray(0, this.length),
      value: this.value.subarray(0, this.length),
      quality: this.quality.subarray(0, this.length),
    };
  }

  private grow(): void {
    const size = this.ts.length * 2;
    const [ts, value, quality] = [new Float64Array(size), new Float64Array(size), new Uint32Array(size)];
    ts.set(this.ts);
    value.set(this.value);
    quality.set(this.quality);
    [this.ts, this.value, this.quality] = [ts, value, quality];
  }
}

export function packSeries(series: Series): PackedSeries {
  const builder = new SeriesBuilder(series.ts.length);
  for (let i = 0; i < series.ts.length; i++)
    builder.push(series.ts[i]!, series.value[i] ?? NaN, series.quality[i]!);
  return builder.finish();
}

/** The contract's form: plain arrays, null for a gap. Loops, because Array.from is slower here. */
export function unpackSeries(packed: PackedSeries): Series {
  const n = packed.ts.length;
  const series: Series = { ts: [], value: [], quality: [] };
  for (let i = 0; i < n; i++) {
    const value = packed.value[i]!;
    series.ts.push(packed.ts[i]!);
    series.value.push(Number.isNaN(value) ? null : value);
    series.quality.push(packed.quality[i]!);
  }
  return series;
}

export function unpackHistory(packed: PackedHistory): HistoryResult {
  return { ...packed, points: unpackSeries(packed.points) };
}

/** The buffers to transfer with these results. */
export function historyBuffers(results: readonly PackedHistory[]): ArrayBuffer[] {
  return results.flatMap(({ points }) => [
    points.ts.buffer as ArrayBuffer,
    points.value.buffer as ArrayBuffer,
    points.quality.buffer as ArrayBuffer,
  ]);
}
