import { describe, expect, it } from 'vitest';
import { Quality } from '../../../../shared/quality.js';
import { alignPens, HOLD_EDGE_MS } from '../../../../renderer/trend/alignPens.js';
import type { PenColumns } from '../../../../renderer/trend/penBuffer.js';

const G = Quality.Good;
const U = Quality.UncertainNoCommunicationLastUsableValue;
const B = Quality.BadSensorFailure;

/** Just before `t`, where the value before a gap at `t` is held. */
const edge = (t: number) => t - HOLD_EDGE_MS;

function pen(points: Array<[ts: number, value: number | null, quality: number]>): PenColumns {
  return {
    ts: Float64Array.from(points.map(([t]) => t)),
    values: Float64Array.from(points.map(([, v]) => v ?? NaN)),
    quality: Uint32Array.from(points.map(([, , q]) => q)),
  };
}

describe('alignPens', () => {
  it('puts every pen on one ascending time column, two series per pen', () => {
    const [x, ...ys] = alignPens([
      pen([
        [10, 1, G],
        [30, 3, G],
      ]),
      pen([
        [20, 2, G],
        [30, 4, G],
      ]),
    ]);
    expect(Array.from(x)).toEqual([10, 20, 30]);
    expect(ys).toHaveLength(4);
    expect(ys[0]).toEqual([1, undefined, 3]);
    expect(ys[2]).toEqual([undefined, 2, 4]);
  });

  it('draws a bad sample as a gap in both series, never as a line', () => {
    const [x, good, uncertain] = alignPens([
      pen([
        [10, 1, G],
        [20, 5, B],
        [30, 3, G],
      ]),
    ]);
    expect(Array.from(x)).toEqual([10, edge(20), 20, 30]);
    expect(good?.slice(2)).toEqual([null, 3]);
    expect(uncertain).toEqual([null, null, null, null]);
  });

  it('holds the value before a bad sample flat up to it, as a tag that reports changes held it', () => {
    const [x, good] = alignPens([
      pen([
        [10, 1, G],
        [20, 5, B],
        [30, 3, G],
      ]),
    ]);
    // Step semantics: the held point repeats the last good value (1), never the bad 5 or the next 3.
    expect(Array.from(x)).toEqual([10, edge(20), 20, 30]);
    expect(good).toEqual([1, 1, null, 3]);
  });

  it('holds an uncertain value before a gap on the dashed series', () => {
    const [, good, uncertain] = alignPens([
      pen([
        [10, 1, U],
        [20, null, B],
      ]),
    ]);
    expect(good).toEqual([null, null, null]);
    expect(uncertain).toEqual([1, 1, null]);
  });

  it('draws a sample without a value as a gap', () => {
    const [, good] = alignPens([
      pen([
        [10, 1, G],
        [20, null, G],
        [30, 3, G],
      ]),
    ]);
    expect(good).toEqual([1, 1, null, 3]);
  });

  it('puts uncertain samples on the dashed series, joined to their good neighbours', () => {
    const [, good, uncertain] = alignPens([
      pen([
        [10, 1, G],
        [20, 2, G],
        [30, 3, U],
        [40, 4, U],
        [50, 5, G],
        [60, 6, G],
      ]),
    ]);
    expect(good).toEqual([1, 2, null, null, 5, 6]);
    expect(uncertain).toEqual([null, 2, 3, 4, 5, null]);
  });

  it('widens a gap over other pens’ timestamps, so no line reaches into it', () => {
    const gappy = pen([
      [10, 1, G],
      [40, null, B],
      [70, 7, G],
    ]);
    const dense = pen([
      [20, 0, G],
      [30, 0, G],
      [50, 0, G],
      [60, 0, G],
    ]);
    const [x, good] = alignPens([gappy, dense]);
    // This pinned the old behaviour, where the line stopped at 10 and 10…40 showed as a plain gap
    // although the tag held 1 until the bad sample: now 1 is held flat up to 40 (bridging the
    // other pen's 20 and 30), and only the bad stretch from 40 on is a gap.
    expect(Array.from(x)).toEqual([10, 20, 30, edge(40), 40, 50, 60, 70]);
    expect(good).toEqual([1, undefined, undefined, 1, null, null, null, 7]);
  });

  it('bridges other pens’ timestamps where the pen has no gap', () => {
    const [, good] = alignPens([
      pen([
        [10, 1, G],
        [40, 4, G],
      ]),
      pen([
        [20, 0, G],
        [30, 0, G],
      ]),
    ]);
    expect(good).toEqual([1, undefined, undefined, 4]);
  });

  it('holds each pen’s newest value flat until now, in the style of that value', () => {
    const [x, good, , staleGood, staleUncertain] = alignPens([pen([[10, 1, G]]), pen([[20, 2, U]])], 100);
    expect(Array.from(x)).toEqual([10, 20, 100]);
    expect(good?.[2]).toBe(1);
    expect(staleGood?.[2]).toBeNull();
    expect(staleUncertain?.[2]).toBe(2);
  });

  it('does not hold a pen whose newest sample is bad, even with a value', () => {
    const [x, good, uncertain] = alignPens(
      [
        pen([
          [10, 1, G],
          [20, 2, B],
        ]),
      ],
      100,
    );
    expect(Array.from(x)).toEqual([10, edge(20), 20, 100]);
    expect(good?.slice(2)).toEqual([null, null]);
    expect(uncertain?.slice(2)).toEqual([null, null]);
  });

  it('adds no hold point where the value before a gap is already at its edge', () => {
    const [x, good] = alignPens([
      pen([
        [10, 1, G],
        [10 + HOLD_EDGE_MS / 2, null, B],
      ]),
    ]);
    expect(x).toHaveLength(2);
    expect(good).toEqual([1, null]);
  });

  it('draws an empty chart for no pens', () => {
    const [x, ...ys] = alignPens([], 100);
    expect(Array.from(x)).toEqual([100]);
    expect(ys).toEqual([]);
  });
});
