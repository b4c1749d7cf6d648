/** One pen's samples as the chart reads them: columns, value NaN where there is no usable value. */
export interface PenColumns {
  ts: Float64Array;
  values: Float64Array;
  quality: Uint32Array;
}

export interface Sample {
  ts: number;
  value: number | null;
  quality: number;
}

/** The newest sample at or before `t` in time-ordered columns, or null when all are later. */
export function sampleAt(columns: PenColumns, t: number): Sample | null {
  let low = 0;
  let high = columns.ts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((columns.ts[mid] ?? 0) <= t) low = mid + 1;
    else high = mid;
  }
  if (low === 0) return null;
  const value = columns.values[low - 1] ?? NaN;
  return {
    ts: columns.ts[low - 1] ?? 0,
    value: Number.isNaN(value) ? null : value,
    quality: columns.quality[low - 1] ?? 0,
  };
}

/** Largest number of points kept per time bucket: first, min, max, last. */
const PER_BUCKET = 4;

/**
 * One pen's samples for the live trend, column-wise in typed arrays so that neither React nor
 * zustand ever holds them (STYLE rule 5). Live samples are thinned as M4 does (Jugel et al.,
 * "M4: A Visualization-Oriented Time Series Data Aggregation", VLDB 2014): within a time bucket
 * of `resolutionMs` only the first, min, max and last sample stay, so a pen holds about
 * 4 × window / resolution points however fast its tag changes, and spikes still show. A change of
 * quality starts a new bucket, so a transition to stale or bad is never thinned away.
 */
export class PenBuffer {
  private ts: Float64Array;
  private values: Float64Array;
  private quality: Uint32Array;
  private start = 0;
  private end = 0;
  /** Index of the first sample of the newest bucket. */
  private bucketStart = 0;

  constructor(
    readonly resolutionMs: number,
    capacity = 1024,
  ) {
    this.ts = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.quality = new Uint32Array(capacity);
  }

  get length(): number {
    return this.end - this.start;
  }

  lastTime(): number | null {
    return this.end > this.start ? (this.ts[this.end - 1] ?? null) : null;
  }

  /** Zero-copy views of the samples, oldest first. Valid until the next change. */
  columns(): PenColumns {
    return {
      ts: this.ts.subarray(this.start, this.end),
      values: this.values.subarray(this.start, this.end),
      quality: this.quality.subarray(this.start, this.end),
    };
  }

  /** The newest sample at or before `t`, for the chart's cursor readout. */
  sampleAt(t: number): Sample | null {
    return sampleAt(this.columns(), t);
  }

  /**
   * Takes a history backfill. Live samples newer than the last history sample are kept, since
   * they arrived while the query was running.
   */
  setHistory(ts: readonly number[], values: readonly (number | null)[], quality: readonly number[]): void {
    const lastHistory = ts.length > 0 ? (ts[ts.length - 1] ?? -Infinity) : -Infinity;
    const live = this.columns();
    let keepFrom = 0;
    while (keepFrom < live.ts.length && (live.ts[keepFrom] ?? 0) <= lastHistory) keepFrom++;
    const kept = live.ts.length - keepFrom;
    let capacity = 1024;
    while (capacity < ts.length + kept + 64) capacity *= 2;
    const next = {
      ts: new Float64Array(capacity),
      values: new Float64Array(capacity),
      quality: new Uint32Array(capacity),
    };
    for (let i = 0; i < ts.length; i++) {
      next.ts[i] = ts[i] ?? 0;
      next.values[i] = values[i] ?? NaN;
      next.quality[i] = quality[i] ?? 0;
    }
    next.ts.set(live.ts.subarray(keepFrom), ts.length);
    next.values.set(live.values.subarray(keepFrom), ts.length);
    next.quality.set(live.quality.subarray(keepFrom), ts.length);
    this.ts = next.ts;
    this.values = next.values;
    this.quality = next.quality;
    this.start = 0;
    this.end = ts.length + kept;
    this.bucketStart = Math.max(0, this.end - 1);
  }

  /** Adds a live sample. One older than the newest is late and dropped; one at the same time replaces it. */
  append(ts: number, value: number | null, quality: number): void {
    const v = value ?? NaN;
    const q = quality >>> 0;
    if (this.end > this.start) {
      const last = this.ts[this.end - 1] ?? 0;
      if (ts < last) return;
      if (ts === last) {
        this.values[this.end - 1] = v;
        this.quality[this.end - 1] = q;
        return;
      }
      const first = this.bucketStart;
      const sameBucket =
        Math.floor(ts / this.resolutionMs) === Math.floor((this.ts[first] ?? 0) / this.resolutionMs) &&
        this.quality[first] === q;
      if (sameBucket && this.end - first >= PER_BUCKET) {
        this.thinBucket(first);
      } else if (!sameBucket) {
        this.bucketStart = this.end;
      }
    }
    this.push(ts, v, q);
  }

  /** Drops samples before `cutoff`, keeping the one just before it so the line enters from the edge. */
  trimBefore(cutoff: number): void {
    let low = this.start;
    let high = this.end;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.ts[mid] ?? 0) < cutoff) low = mid + 1;
      else high = mid;
    }
    this.start = Math.max(this.start, low - 1);
    this.bucketStart = Math.max(this.bucketStart, this.start);
  }

  /** Keeps the bucket's first sample and the min and max of the rest; the caller adds the new last. */
  private thinBucket(first: number): void {
    let min = first + 1;
    let max = first + 1;
    for (let i = first + 2; i < this.end; i++) {
      if ((this.values[i] ?? 0) < (this.values[min] ?? 0)) min = i;
      if ((this.values[i] ?? 0) > (this.values[max] ?? 0)) max = i;
    }
    const keep = min === max ? [min] : [Math.min(min, max), Math.max(min, max)];
    let write = first + 1;
    for (const index of keep) {
      this.ts[write] = this.ts[index] ?? 0;
      this.values[write] = this.values[index] ?? NaN;
      this.quality[write] = this.quality[index] ?? 0;
      write++;
    }
    this.end = write;
  }

  private push(ts: number, value: number, quality: number): void {
    if (this.end === this.ts.length) this.makeRoom();
    this.ts[this.end] = ts;
    this.values[this.end] = value;
    this.quality[this.end] = quality;
    this.end++;
  }

  private makeRoom(): void {
    const length = this.length;
    const capacity = this.start > this.ts.length / 2 ? this.ts.length : this.ts.length * 2;
    const move = <T extends Float64Array | Uint32Array>(old: T, fresh: T): T => {
      fresh.set(old.subarray(this.start, this.end));
      return fresh;
    };
    this.ts = move(this.ts, new Float64Array(capacity));
    this.values = move(this.values, new Float64Array(capacity));
    this.quality = move(this.quality, new Uint32Array(capacity));
    this.bucketStart -= this.start;
    this.start = 0;
    this.end = length;
  }
}
