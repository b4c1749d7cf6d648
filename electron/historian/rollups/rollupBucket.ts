import { Quality, worseQuality } from '../../../shared/quality.js';
import type { SampleRow } from '../rowStreams.js';

/**
 * Rollup levels, coarsest first: a query takes the coarsest one its resolution allows. Ten
 * minutes sits between the minute and the hour so that a month on a screen reads a few thousand
 * buckets, not forty thousand.
 */
export const ROLLUP_LEVELS = [3_600_000, 600_000, 60_000] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];

const isGood = (quality: number) => quality >>> 30 === 0;
const isBad = (quality: number) => quality >>> 30 === 2;

/**
 * What one time-aligned bucket of one tag holds, built from the raw stream (never from data a
 * storage filter thinned out). Enough to answer every aggregate of a longer interval exactly:
 * min/max/first/last/avg over usable values (present and not bad), the sample count, the
 * worst quality, and the time-weighted integrals of the closed segments between samples. The
 * open segment after the last sample runs to the bucket's end and is added when read
 * (`tailMs`), so appending a later sample only closes it — no subtraction, no rounding drift.
 */
export interface RollupBucket {
  start: number;
  count: number;
  /** Samples with a usable value. */
  valued: number;
  sum: number;
  min: number | null;
  max: number | null;
  first: number | null;
  last: number | null;
  worstQuality: number;
  /** Worst quality of the samples with a usable value (Good or Uncertain; Good when none). */
  usableQuality: number;
  firstTs: number;
  lastTs: number;
  /** The last sample itself (bad or not): it holds until the next one, into later buckets. */
  lastValue: number | null;
  lastQuality: number;
  /** Σ value × ms over closed segments with a usable value. */
  integral: number;
  valuedMs: number;
  goodMs: number;
}

export function bucketStart(ts: number, level: number): number {
  return Math.floor(ts / level) * level;
}

export function newBucket(start: number, [ts, value, quality]: SampleRow): RollupBucket {
  const usable = value !== null && !isBad(quality);
  return {
    start,
    count: 1,
    valued: usable ? 1 : 0,
    sum: usable ? value : 0,
    min: usable ? value : null,
    max: usable ? value : null,
    first: usable ? value : null,
    last: usable ? value : null,
    worstQuality: quality,
    usableQuality: usable ? quality : Quality.Good,
    firstTs: ts,
    lastTs: ts,
    lastValue: value,
    lastQuality: quality,
    integral: 0,
    valuedMs: 0,
    goodMs: 0,
  };
}

/** Adds a sample later than every sample in the bucket (the caller checks the order). */
export function addLater(bucket: RollupBucket, [ts, value, quality]: SampleRow): void {
  const ms = ts - bucket.lastTs;
  if (bucket.lastValue !== null && !isBad(bucket.lastQuality)) {
    bucket.integral += bucket.lastValue * ms;
    bucket.valuedMs += ms;
  }
  if (isGood(bucket.lastQuality)) bucket.goodMs += ms;
  bucket.count++;
  bucket.worstQuality = worseQuality(bucket.worstQuality, quality);
  if (value !== null && !isBad(quality)) {
    bucket.usableQuality = worseQuality(bucket.usableQuality, quality);
    bucket.valued++;
    bucket.sum += value;
    if (bucket.min === null || value < bucket.min) bucket.min = value;
    if (bucket.max === null || value > bucket.max) bucket.max = value;
    bucket.first ??= value;
    bucket.last = value;
  }
  bucket.lastTs = ts;
  bucket.lastValue = value;
  bucket.lastQuality = quality;
}

/** A bucket from its samples in time order (one per timestamp), or null when there are none. */
export function bucketFromRows(start: number, rows: Iterable<SampleRow>): RollupBucket | null {
  let bucket: RollupBucket | null = null;
  for (const row of rows) {
    if (bucket) addLater(bucket, row);
    else bucket = newBucket(start, row);
  }
  return bucket;
}

/**
 * The time-weighted part of the open segment: from the last sample to `until` (the bucket's
 * end, or the end of a query inside it).
 */
export function tailMs(
  bucket: RollupBucket,
  until: number,
): { integral: number; valuedMs: number; goodMs: number } {
  const ms = Math.max(0, until - bucket.lastTs);
  const valued = bucket.lastValue !== null && !isBad(bucket.lastQuality);
  return {
    integral: valued ? bucket.lastValue! * ms : 0,
    valuedMs: valued ? ms : 0,
    goodMs: isGood(bucket.lastQuality) ? ms : 0,
  };
}
