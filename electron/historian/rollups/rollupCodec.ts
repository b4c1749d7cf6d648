import { BitReader, BitWriter, readSigned, writeSigned } from '../codec/bitStream.js';
import { readNumbers, readTimestamps, writeNumbers, writeTimestamps } from '../codec/chunkCodec.js';
import type { RollupBucket } from './rollupBucket.js';

/**
 * A sealed block of one tag's rollup buckets at one level, stored column by column with the
 * chunk codec's number coding: a minute's count, first/last offsets and durations barely change
 * from bucket to bucket, and instrument decimals stay decimals in min/max/first/last, so a
 * bucket costs some tens of bytes instead of a hundred-byte row.
 */
const FORMAT = 1;

type Column = (bucket: RollupBucket) => number | null;

/** Columns in their stored order; timestamps inside a bucket are kept as offsets from its start. */
const COLUMNS: [keyof RollupBucket, Column][] = [
  ['count', (b) => b.count],
  ['valued', (b) => b.valued],
  ['sum', (b) => b.sum],
  ['min', (b) => b.min],
  ['max', (b) => b.max],
  ['first', (b) => b.first],
  ['last', (b) => b.last],
  ['worstQuality', (b) => b.worstQuality],
  ['usableQuality', (b) => b.usableQuality],
  ['firstTs', (b) => b.firstTs - b.start],
  ['lastTs', (b) => b.lastTs - b.start],
  ['lastValue', (b) => b.lastValue],
  ['lastQuality', (b) => b.lastQuality],
  ['integral', (b) => b.integral],
  ['valuedMs', (b) => b.valuedMs],
  ['goodMs', (b) => b.goodMs],
];

export function encodeRollupBlock(buckets: readonly RollupBucket[]): Uint8Array {
  for (let i = 1; i < buckets.length; i++) {
    if (buckets[i]!.start <= buckets[i - 1]!.start) throw new Error('rollup buckets must be in time order');
  }
  const writer = new BitWriter();
  writer.write(FORMAT, 8);
  writeSigned(writer, buckets.length);
  writeTimestamps(
    writer,
    buckets.map((b) => b.start),
  );
  for (const [, column] of COLUMNS) writeNumbers(writer, buckets.map(column));
  return writer.finish();
}

export function decodeRollupBlock(bytes: Uint8Array): RollupBucket[] {
  const reader = new BitReader(bytes);
  const format = reader.read(8);
  if (format !== FORMAT) throw new Error(`unknown rollup block format ${format}`);
  const count = readSigned(reader);
  const starts = readTimestamps(reader, count);
  // In COLUMNS' order.
  const [
    counts,
    valued,
    sum,
    min,
    max,
    first,
    last,
    worst,
    usable,
    firstAt,
    lastAt,
    lastValue,
    lastQuality,
    integral,
    valuedMs,
    goodMs,
  ] = COLUMNS.map(() => readNumbers(reader, count)) as (number | null)[][];
  // One literal per bucket, so every decoded bucket has the same shape as a stored row's.
  const buckets = new Array<RollupBucket>(count);
  for (let i = 0; i < count; i++) {
    const start = starts[i]!;
    buckets[i] = {
      start,
      count: counts![i]!,
      valued: valued![i]!,
      sum: sum![i]!,
      min: min![i] ?? null,
      max: max![i] ?? null,
      first: first![i] ?? null,
      last: last![i] ?? null,
      worstQuality: worst![i]!,
      usableQuality: usable![i]!,
      firstTs: start + firstAt![i]!,
      lastTs: start + lastAt![i]!,
      lastValue: lastValue![i] ?? null,
      lastQuality: lastQuality![i]!,
      integral: integral![i]!,
      valuedMs: valuedMs![i]!,
      goodMs: goodMs![i]!,
    };
  }
  return buckets;
}
