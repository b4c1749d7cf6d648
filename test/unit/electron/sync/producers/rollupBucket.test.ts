import { describe, expect, it } from 'vitest';
import { RollupBucket } from '../../../../../electron/sync/producers/rollupBucket.js';
import { Quality } from '../../../../../shared/quality.js';
import { RollupRecordSchema } from '../../../../../shared/sync.js';

const T = Date.UTC(2026, 10, 22, 12);

describe('a rollup bucket', () => {
  it('sums up the good numeric samples and the good share of all samples', () => {
    const bucket = new RollupBucket(T, 60_000, 0);
    bucket.add(T + 1_000, 4, Quality.Good);
    bucket.add(T + 2_000, 8, Quality.Good);
    bucket.add(T + 3_000, 100, Quality.Bad);
    bucket.add(T + 4_000, 6, Quality.UncertainLastUsableValue);
    bucket.add(T + 5_000, null, Quality.Good);
    bucket.add(T + 6_000, Number.NaN, Quality.Good);
    const record = bucket.toRecord('area1/pump3/temp');
    expect(record).toEqual({
      at: T,
      tag: 'area1/pump3/temp',
      resMs: 60_000,
      count: 2,
      min: 4,
      max: 8,
      mean: 6,
      last: 8,
      good: 4 / 6,
    });
    expect(RollupRecordSchema.parse(record)).toEqual(record);
  });

  it('takes as last the value with the latest time, not the one that came last', () => {
    const bucket = new RollupBucket(T, 60_000, 0);
    bucket.add(T + 5_000, 2, Quality.Good);
    bucket.add(T + 1_000, 9, Quality.Good);
    expect(bucket.toRecord('t').last).toBe(2);
  });

  it('says null, not zero, for an interval without a good numeric sample', () => {
    const bucket = new RollupBucket(T, 60_000, 0);
    bucket.add(T, 3, Quality.Bad);
    expect(bucket.toRecord('t')).toMatchObject({
      count: 0,
      min: null,
      max: null,
      mean: null,
      last: null,
      good: 0,
    });
  });

  it('folds finer buckets into a coarser one exactly', () => {
    const first = new RollupBucket(T, 60_000, 0);
    first.add(T, 1, Quality.Good);
    first.add(T + 1, 3, Quality.Good);
    const second = new RollupBucket(T + 60_000, 60_000, 0);
    second.add(T + 60_000, 11, Quality.Good);
    second.add(T + 60_001, 0, Quality.Bad);
    const hour = new RollupBucket(T, 3_600_000, 0);
    hour.merge(first);
    hour.merge(second);
    expect(hour.toRecord('t')).toEqual({
      at: T,
      tag: 't',
      resMs: 3_600_000,
      count: 3,
      min: 1,
      max: 11,
      mean: 5,
      last: 11,
      good: 3 / 4,
    });
  });
});
