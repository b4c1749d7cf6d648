/**
 * A pen's line split for cheap drawing. M4 data (and dense raw data) puts several points in each
 * pixel column, and the line between them runs up and down the column, often the plot's whole
 * height. A canvas strokes such a line wider than a pixel, and dashes it, at a cost that follows
 * its length: a year of a noisy tank level is a million pixels of line and took the software
 * rasterizer most of a second. Those near-vertical runs are the same pixels as a bar of the
 * line's width from the run's lowest to its highest point, and bars fill for almost nothing; only
 * the rest of the line is stroked. Every point is still inside a bar or on a stroked segment, so
 * no spike is lost, and a gap (null) still breaks the line.
 */
export interface LinePieces {
  /** Polylines to stroke, each as flat `[x0, y0, x1, y1, …]` with at least two points. */
  lines: number[][];
  /** Near-vertical runs to fill: centre x, top y and bottom y, in the same pixels as the input. */
  bars: Array<[x: number, top: number, bottom: number]>;
}

/**
 * Splits a line given in pixels: `ys[i]` null is a gap, undefined a position where this line
 * has no point (it is drawn across). A segment becomes a bar when it moves at most one pixel
 * across and at least `minRise` pixels up or down; consecutive bars in one column are merged. A
 * lone point between gaps draws nothing, as with uPlot's own paths.
 */
export function splitLine(
  xs: ArrayLike<number>,
  ys: ArrayLike<number | null | undefined>,
  minRise: number,
): LinePieces {
  const lines: number[][] = [];
  const bars: LinePieces['bars'] = [];
  // The polyline and the bar being built, each closed when something else is drawn.
  const open: { line: number[] | null; bar: [number, number, number] | null } = { line: null, bar: null };
  const endLine = () => {
    if (open.line) lines.push(open.line);
    open.line = null;
  };
  const endBar = () => {
    if (open.bar) bars.push(open.bar);
    open.bar = null;
  };
  let px = NaN;
  let py = NaN;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    if (y === undefined) continue;
    const x = xs[i] ?? NaN;
    if (y === null || Number.isNaN(px)) {
      endLine();
      endBar();
      [px, py] = y === null ? [NaN, NaN] : [x, y];
      continue;
    }
    if (Math.abs(x - px) <= 1 && Math.abs(y - py) >= minRise) {
      endLine();
      const centre = (x + px) / 2;
      const [top, bottom] = y < py ? [y, py] : [py, y];
      if (open.bar?.[0] === centre) {
        open.bar[1] = Math.min(open.bar[1], top);
        open.bar[2] = Math.max(open.bar[2], bottom);
      } else {
        endBar();
        open.bar = [centre, top, bottom];
      }
    } else {
      endBar();
      open.line ??= [px, py];
      open.line.push(x, y);
    }
    px = x;
    py = y;
  }
  endLine();
  endBar();
  return { lines, bars };
}

export type Rect = [x: number, y: number, width: number, height: number];

/**
 * The bars as rectangles on whole device pixels (see `barRect`), consecutive ones that land on
 * the same pixel column and touch merged into one: a column's run and the step into it from the
 * column before are then a single rectangle.
 */
export function barRects(bars: LinePieces['bars'], width: number, offset: number): Rect[] {
  const rects: Rect[] = [];
  for (const bar of bars) {
    const rect = barRect(bar, width, offset);
    const last = rects[rects.length - 1];
    if (last && last[0] === rect[0] && rect[1] <= last[1] + last[3] && last[1] <= rect[1] + rect[3]) {
      const top = Math.min(last[1], rect[1]);
      last[3] = Math.max(last[1] + last[3], rect[1] + rect[3]) - top;
      last[1] = top;
    } else rects.push(rect);
  }
  return rects;
}

/**
 * A bar as a rectangle on whole device pixels: `width` (the line's, in device pixels) rounded
 * half down to at least one, since a full-ink pixel reads heavier than an anti-aliased stroke of
 * the same width; it reaches half a width past each end, as the stroke's round join would. `offset`
 * is the shift the canvas applies before filling (uPlot's pixel alignment of a series), so the
 * edges are whole pixels after it: a rasterizer fills such rectangles without anti-aliasing,
 * many times faster than ones with fractional edges.
 */
export function barRect(
  [x, top, bottom]: readonly [number, number, number],
  width: number,
  offset: number,
): Rect {
  const w = Math.max(1, Math.ceil(width - 0.5));
  const left = Math.round(x + offset - w / 2);
  const y0 = Math.round(top + offset - width / 2);
  const y1 = Math.max(y0 + 1, Math.round(bottom + offset + width / 2));
  return [left - offset, y0 - offset, w, y1 - y0];
}
