import { beforeAll, describe, expect, it } from 'vitest';
import type uPlot from 'uplot';

/** Enough of a canvas path for the path builder, which only records into it. */
class PathStub {
  moveTo(): void {}
  lineTo(): void {}
  rect(): void {}
}

let linePaths: typeof import('../../../../renderer/trend/linePaths.js');
beforeAll(async () => {
  Object.assign(globalThis, { Path2D: PathStub });
  const { default: uPlotClass } = await import('uplot');
  // uPlot reads the display's pixel ratio from a window; under Node there is none.
  uPlotClass.pxRatio = 1;
  linePaths = await import('../../../../renderer/trend/linePaths.js');
});

/** A plot 100 × 100 device pixels at (10, 10), x and y mapped one to one onto pixels. */
function plot(ys: Array<number | null>): {
  u: uPlot;
  fills: Array<[string, number, number, number, number]>;
} {
  const fills: Array<[string, number, number, number, number]> = [];
  const ctx = {
    fillStyle: '',
    fillRect(x: number, y: number, w: number, h: number) {
      fills.push([String(this.fillStyle), x, y, w, h]);
    },
  };
  const u = {
    data: [ys.map((_, i) => (i < 2 ? 40 + i * 5 : 50)), ys],
    series: [{}, { scale: 'y', width: 1 }],
    bbox: { left: 10, top: 10, width: 100, height: 100 },
    ctx,
    valToPos: (value: number) => value,
  } as unknown as uPlot;
  return { u, fills };
}

describe('column line paths', () => {
  it('fills a dense column as one whole-pixel bar in the pen colour, clamped to the plot', () => {
    const { u, fills } = plot([30, 20, 90, 5, 150, 60]);
    const build = linePaths.columnLinePaths({ colour: '#1f77b4' });
    build(u, 1, 0, 5);
    linePaths.drawColumnBars(u, 1);
    expect(fills).toHaveLength(1);
    const [colour, x, y, w, h] = fills[0]!;
    expect(colour).toBe('#1f77b4');
    expect([x, w]).toEqual([50, 1]);
    // The run reaches 5 and 150; the plot shows 10 to 110.
    expect([y, y + h]).toEqual([10, 110]);
  });

  it('draws no bars for a line that only moves across', () => {
    const { u, fills } = plot([20, 21, null, 22]);
    linePaths.columnLinePaths({ colour: '#d62728' })(u, 1, 0, 3);
    linePaths.drawColumnBars(u, 1);
    expect(fills).toEqual([]);
  });
});
