import { describe, expect, it } from 'vitest';
import { Quality } from '../../../../shared/quality.js';
import type { PenColumns } from '../../../../renderer/trend/penBuffer.js';
import { qualitySpans } from '../../../../renderer/trend/qualitySpans.js';

const G = Quality.Good;
const STALE = Quality.UncertainNoCommunicationLastUsableValue;
const EU = Quality.UncertainEngineeringUnitsExceeded;
const BAD = Quality.BadSensorFailure;

const pen = (points: Array<[ts: number, value: number | null, quality: number]>): PenColumns => ({
  ts: Float64Array.from(points.map((p) => p[0])),
  values: Float64Array.from(points.map((p) => p[1] ?? NaN)),
  quality: Uint32Array.from(points.map((p) => p[2])),
});

describe('qualitySpans', () => {
  it('runs a bad stretch from the first bad sample to the next usable one', () => {
    const spans = qualitySpans(
      pen([
        [1, 1, G],
        [2, 5, BAD],
        [3, null, BAD],
        [4, 4, G],
      ]),
    );
    expect(spans).toEqual([{ from: 2, to: 4, kind: 'bad' }]);
  });

  it('counts a sample without a value as bad, whatever its quality says', () => {
    expect(
      qualitySpans(
        pen([
          [1, null, G],
          [2, 1, G],
        ]),
      ),
    ).toEqual([{ from: 1, to: 2, kind: 'bad' }]);
  });

  it('tells stale apart from bad and leaves other uncertain data to the dashed line', () => {
    const spans = qualitySpans(
      pen([
        [1, 1, STALE],
        [2, 1, BAD],
        [3, 3, EU],
        [4, 4, STALE],
        [5, 5, G],
      ]),
    );
    expect(spans).toEqual([
      { from: 1, to: 2, kind: 'stale' },
      { from: 2, to: 3, kind: 'bad' },
      { from: 4, to: 5, kind: 'stale' },
    ]);
  });

  it('holds the last state to the end of what is known, or ends at the last sample without one', () => {
    const data = pen([
      [1, 1, G],
      [2, null, BAD],
    ]);
    expect(qualitySpans(data, 10)).toEqual([{ from: 2, to: 10, kind: 'bad' }]);
    expect(qualitySpans(data)).toEqual([{ from: 2, to: 2, kind: 'bad' }]);
    expect(qualitySpans(pen([[1, 1, G]]), 10)).toEqual([]);
  });
});
