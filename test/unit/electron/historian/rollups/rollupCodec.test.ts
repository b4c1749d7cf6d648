import { describe, expect, it } from 'vitest';
import { bucketFromRows } from '../../../../../electron/historian/rollups/rollupBucket.js';
import {
  decodeRollupBlock,
  encodeRollupBlock,
} from '../../../../../electron/historian/rollups/rollupCodec.js';
import { Quality } from '../../../../../shared/quality.js';

describe('rollup blocks', () => {
  it('round-trip every field of every bucket, empty and bad buckets included', () => {
    const buckets = [0, 1, 2, 5, 6].map((minute) => {
      const start = minute * 60_000;
      const bad = minute === 2;
      return bucketFromRows(
        start,
        Array.from({ length: 60 }, (_, i) => [
          start + i * 1000 + (minute === 5 ? 7 : 0),
          bad ? null : Math.round(Math.sin(minute * 60 + i) * 1000) / 100,
          bad ? Quality.Bad : Quality.Good,
        ]),
      )!;
    });
    const bytes = encodeRollupBlock(buckets);
    expect(decodeRollupBlock(bytes)).toEqual(buckets);
    expect(bytes.length / buckets.length).toBeLessThan(60);
  });

  it('refuses buckets out of order rather than writing a block that cannot be searched', () => {
    const bucket = bucketFromRows(0, [[1, 1, Quality.Good]])!;
    expect(() => encodeRollupBlock([bucket, bucket])).toThrow(/time order/);
  });
});
