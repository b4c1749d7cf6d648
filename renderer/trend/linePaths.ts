import uPlot from 'uplot';
import { barRects, splitLine } from './lineColumns.js';

export interface LineStyle {
  /** The series' stroke colour, which its bars are filled with. */
  colour: string;
  /** The series' dash in CSS pixels, if any: its bars are striped with the same rhythm. */
  dash?: readonly number[];
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
    const fill = new Path2D();
    // uPlot shifts a series by this much before drawing it (its pxAlign), so that lines are crisp.
    const offset = series.pxAlign === 1 ? (width % 2) / 2 : 0;
    for (const rect of barRects(bars, width, offset)) fill.rect(...rect);
    return {
      stroke,
      fill: bars.length > 0 ? fill : null,
      clip: null,
      band: null,
      flags: 0,
      _fill: style.dash?.length ? stripes(u.ctx, style.colour, style.dash) : style.colour,
    };
  };
}

const patterns = new Map<string, CanvasPattern | string>();

/**
 * Horizontal stripes in the dash's rhythm, to fill a dashed series' bars: its vertical runs show
 * the dashes its strokes do. Made once per colour, dash and pixel ratio.
 */
function stripes(
  ctx: CanvasRenderingContext2D,
  colour: string,
  dash: readonly number[],
): CanvasPattern | string {
  const ratio = uPlot.pxRatio;
  const key = `${colour} ${dash.join(',')} ${ratio}`;
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    const period = Math.max(1, Math.round(dash.reduce((sum, d) => sum + d, 0) * ratio));
    const tile = document.createElement('canvas');
    tile.width = 1;
    tile.height = period;
    const tileCtx = tile.getContext('2d');
    let y = 0;
    dash.forEach((length, index) => {
      if (tileCtx && index % 2 === 0) {
        tileCtx.fillStyle = colour;
        tileCtx.fillRect(0, y, 1, Math.round(length * ratio));
      }
      y += Math.round(length * ratio);
    });
    pattern = ctx.createPattern(tile, 'repeat') ?? colour;
    patterns.set(key, pattern);
  }
  return pattern;
}
