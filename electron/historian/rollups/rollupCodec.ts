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
  const buckets = readTimestamps(reader, count).map((start) => ({ start }) as RollupBucket);
  for (const [name] of COLUMNS) {
    const values = readNumbers(reader, count);
    buckets.forEach((bucket, i) => {
      (bucket as unknown as Record<string, number | null>)[name] = values[i] ?? null;
    });
  }
  for (const bucket of buckets) {
    bucket.firstTs += bucket.start;
    bucket.lastTs += bucket.start;
  }
  return buckets;
}
