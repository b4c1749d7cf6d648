import uPlot from 'uplot';
import { barRects, splitLine, type Rect } from './lineColumns.js';

export interface LineStyle {
  /** The series' stroke colour, which its bars are filled with. */
  colour: string;
}

/** A run this many line widths high within one pixel column is filled as a bar, not stroked. */
const BAR_MIN_RISE_WIDTHS = 2;

/**
 * uPlot's linear path, with the near-vertical runs that dense data draws filled as bars (see
 * lineColumns.ts) and the rest stroked as usual. Gaps break the line where uPlot's own path
 * would clip it. Positions are rounded to device pixels, as uPlot rounds its own.
 */
export function columnLinePaths(style: LineStyle): uPlot.Series.PathBuilder {
  return (u, seriesIdx, idx0, idx1) => {
    const series = u.series[seriesIdx]!;
    const scale = series.scale ?? 'y';
    const xData = u.data[0];
    const yData = u.data[seriesIdx] ?? [];
    const count = Math.max(0, idx1 - idx0 + 1);
    const xs = new Float64Array(count);
    const ys = new Array<number | null | undefined>(count);
    for (let k = 0; k < count; k++) {
      const y = yData[idx0 + k];
      xs[k] = Math.round(u.valToPos(xData[idx0 + k] ?? NaN, 'x', true));
      ys[k] = y == null ? y : Math.round(u.valToPos(y, scale, true));
    }
    const width = (series.width ?? 1) * uPlot.pxRatio;
    const { lines, bars } = splitLine(xs, ys, BAR_MIN_RISE_WIDTHS * width);
    const stroke = new Path2D();
    for (const line of lines) {
      stroke.moveTo(line[0]!, line[1]!);
      for (let k = 2; k < line.length; k += 2) stroke.lineTo(line[k]!, line[k + 1]!);
    }
    // Filled by drawColumnBars once uPlot has stroked the rest, with no shift applied.
    barsOf.set(series, { rects: barRects(bars, width, 0), colour: style.colour });
    return { stroke, fill: null, clip: null, band: null, flags: 0 };
  };
}

/** Each series' bars from its latest path build; uPlot rebuilds paths only when data or scales change. */
const barsOf = new WeakMap<uPlot.Series, { rects: Rect[]; colour: string }>();

/**
 * uPlot's drawSeries hook: fills the series' bars one fillRect each, on whole pixels and clamped
 * to the plot. A software rasterizer fills a thousand such rectangles in about a millisecond,
 * where the same rectangles as one path took ten, and patterned (to show a dash) fifty: that
 * was most of a one-year redraw. A dashed (uncertain) series' bars are filled with its paler
 * colour alone; in a column of bars a dash would not show anyway.
 */
export function drawColumnBars(u: uPlot, seriesIdx: number): void {
  const bars = barsOf.get(u.series[seriesIdx]!);
  if (!bars || bars.rects.length === 0) return;
  const { left, top, width, height } = u.bbox;
  const [right, bottom] = [left + width, top + height];
  const { ctx } = u;
  ctx.fillStyle = bars.colour;
  for (const [x, y, w, h] of bars.rects) {
    const [x0, y0] = [Math.max(x, left), Math.max(y, top)];
    const [x1, y1] = [Math.min(x + w, right), Math.min(y + h, bottom)];
    if (x1 > x0 && y1 > y0) ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
  }
}
