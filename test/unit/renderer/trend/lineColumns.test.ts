import { describe, expect, it } from 'vitest';
import { barRect, barRects, splitLine } from '../../../../renderer/trend/lineColumns.js';

describe('splitLine', () => {
  it('strokes a line that moves across the plot', () => {
    expect(splitLine([0, 5, 10], [50, 52, 48], 3)).toEqual({ lines: [[0, 50, 5, 52, 10, 48]], bars: [] });
  });

  it('fills the up-and-down runs of one pixel column as a single bar spanning all of them', () => {
    // M4 in one column: first, min, max, last.
    const { lines, bars } = splitLine([10, 10, 10, 10], [40, 10, 90, 60], 3);
    expect(lines).toEqual([]);
    expect(bars).toEqual([[10, 10, 90]]);
  });

  it('keeps every spike: each column of dense data gets a bar from its lowest to its highest point', () => {
    const xs = [0, 0, 0, 0, 1, 1, 1, 1];
    const ys = [50, 5, 95, 50, 50, 0, 100, 50];
    const { bars } = splitLine(xs, ys, 3);
    const covered = (x: number, y: number) =>
      bars.some(([bx, top, bottom]) => bx === x && top <= y && y <= bottom);
    for (let i = 0; i < xs.length; i++) expect(covered(xs[i]!, ys[i]!)).toBe(true);
    expect(bars.map((bar) => bar[0])).toEqual([0, 1]);
  });

  it('turns a steep step between neighbouring columns into a bar between them', () => {
    expect(splitLine([0, 1], [10, 80], 3).bars).toEqual([[0.5, 10, 80]]);
  });

  it('strokes short rises within a column, so a smooth dense line stays a line', () => {
    expect(splitLine([0, 1, 1, 2], [50, 51, 52, 53], 3)).toEqual({
      lines: [[0, 50, 1, 51, 1, 52, 2, 53]],
      bars: [],
    });
  });

  it('mixes strokes and bars where a line runs on and then jumps', () => {
    expect(splitLine([0, 10, 10, 20], [50, 50, 90, 90], 3)).toEqual({
      lines: [
        [0, 50, 10, 50],
        [10, 90, 20, 90],
      ],
      bars: [[10, 50, 90]],
    });
  });

  it('breaks the line at a gap (null) and draws across positions without a point (undefined)', () => {
    const { lines } = splitLine([0, 5, 10, 15, 20, 25], [50, undefined, 60, null, 70, 80], 3);
    expect(lines).toEqual([
      [0, 50, 10, 60],
      [20, 70, 25, 80],
    ]);
  });

  it('never joins a bar across a gap', () => {
    const { bars } = splitLine([3, 3, 3, 3, 3], [10, 40, null, 60, 90], 3);
    expect(bars).toEqual([
      [3, 10, 40],
      [3, 60, 90],
    ]);
  });

  it('draws nothing for a lone point between gaps, as uPlot does', () => {
    expect(splitLine([0, 5, 10], [null, 50, null], 3)).toEqual({ lines: [], bars: [] });
  });
});

describe('barRect', () => {
  it('covers the run and half the line width past each end, on whole pixels', () => {
    expect(barRect([10, 20, 60], 2, 0)).toEqual([9, 19, 2, 42]);
  });

  it('rounds the width half down, so a 1.5 px line gets one-pixel bars, a 2.5 px one two', () => {
    expect(barRect([10, 20, 60], 1.5, 0)[2]).toBe(1);
    expect(barRect([10, 20, 60], 2.5, 0)[2]).toBe(2);
  });

  it('lands on whole pixels after the canvas shifts the series by its alignment offset', () => {
    const [x, y, w, h] = barRect([10, 20, 60], 1.5, 0.75);
    for (const edge of [x, y, x + w, y + h]) expect(Number.isInteger(edge + 0.75)).toBe(true);
    expect(w).toBe(1);
    expect(y + 0.75).toBeLessThanOrEqual(20 - 0.75 + 0.75);
    expect(y + h + 0.75).toBeGreaterThanOrEqual(60 + 0.75);
  });

  it('is at least one pixel wide and one pixel high', () => {
    const [, , w, h] = barRect([10, 30, 30], 0.5, 0);
    expect(w).toBe(1);
    expect(h).toBeGreaterThanOrEqual(1);
  });
});

describe('barRects', () => {
  it('merges touching bars that land on the same pixel column', () => {
    // A 1.25 px line, which uPlot shifts by 0.625 px: the step into column 11 and its run.
    const bars: Array<[number, number, number]> = [
      [10.5, 40, 60],
      [11, 20, 40],
    ];
    expect(barRects(bars, 1.25, 0.625)).toEqual([[11 - 0.625, 20 - 0.625, 1, 41]]);
  });

  it('keeps bars of different columns apart', () => {
    expect(
      barRects(
        [
          [10, 40, 60],
          [12, 20, 40],
        ],
        1,
        0,
      ),
    ).toHaveLength(2);
  });
});
