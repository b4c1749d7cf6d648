import { describe, expect, it } from 'vitest';
import { AggregateAccumulator } from '../../../../electron/historian/aggregates.js';
import { Quality } from '../../../../shared/quality.js';

const ALL = ['avg', 'twa', 'min', 'max', 'first', 'last', 'count', 'pctGood'] as const;

describe('aggregates per interval', () => {
  it('computes avg, min, max, first, last and count of the samples in each interval', () => {
    const acc = new AggregateAccumulator(0, 199, 100, null);
    [
      [0, 1],
      [50, 3],
      [100, 10],
      [150, 20],
      [199, 30],
    ].forEach(([ts, v]) => acc.add(ts!, v!, Quality.Good));
    const { start, values } = acc.finish('a/b', ALL);
    expect(start).toEqual([0, 100]);
    expect(values).toMatchObject({
      avg: [2, 20],
      min: [1, 10],
      max: [3, 30],
      first: [1, 10],
      last: [3, 30],
      count: [2, 3],
    });
  });

  it('weights the average by how long each value held, carrying in the value from before', () => {
    // 10 held from before the range for 90 ms, then 20 for the last 10 ms.
    const acc = new AggregateAccumulator(0, 99, 100, [-500, 10, Quality.Good]);
    acc.add(90, 20, Quality.Good);
    const { values } = acc.finish('a/b', ['avg', 'twa']);
    expect(values.avg).toEqual([20]);
    expect(values.twa![0]).toBeCloseTo(11, 10);
  });

  it('leaves bad periods out of the time-weighted average and counts them against % good', () => {
    const acc = new AggregateAccumulator(0, 99, 100, null);
    acc.add(0, 10, Quality.Good);
    acc.add(50, null, Quality.BadSensorFailure);
    acc.add(75, 30, Quality.UncertainLastUsableValue);
    const { values, quality } = acc.finish('a/b', ['twa', 'pctGood', 'avg', 'count']);
    // 10 for 50 ms, bad for 25 ms, 30 for 25 ms → (500 + 750) / 75
    expect(values.twa![0]).toBeCloseTo(1250 / 75, 10);
    expect(values.pctGood).toEqual([50]);
    expect(values.avg).toEqual([20]);
    expect(values.count).toEqual([3]);
    expect(quality).toEqual([Quality.BadSensorFailure]);
  });

  it('returns nothing rather than zero for an interval with no known value', () => {
    const acc = new AggregateAccumulator(0, 299, 100, null);
    acc.add(250, 5, Quality.Good);
    const { values } = acc.finish('a/b', ['avg', 'twa', 'pctGood', 'count']);
    expect(values.avg).toEqual([null, null, 5]);
    expect(values.twa).toEqual([null, null, 5]);
    expect(values.pctGood).toEqual([null, null, 100]);
    expect(values.count).toEqual([0, 0, 1]);
  });

  it('holds the last value through intervals without samples', () => {
    const acc = new AggregateAccumulator(0, 299, 100, null);
    acc.add(0, 7, Quality.Good);
    const { values } = acc.finish('a/b', ['twa', 'avg']);
    expect(values.twa).toEqual([7, 7, 7]);
    expect(values.avg).toEqual([7, null, null]);
  });

  it('makes the last interval end at the end of the range', () => {
    const acc = new AggregateAccumulator(0, 149, 100, [0, 4, Quality.Good]);
    const { start, values } = acc.finish('a/b', ['twa', 'pctGood']);
    expect(start).toEqual([0, 100]);
    expect(values).toEqual({ twa: [4, 4], pctGood: [100, 100] });
  });
});
