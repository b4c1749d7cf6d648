import uPlot from 'uplot';
import type { LimitLine } from './limitLines.js';
import type { QualitySpan } from './qualitySpans.js';

/** Drawing on the plot beside the lines: quality hatching and alarm limits, in canvas pixels. */

/** Bad data: diagonal strokes this far apart (CSS px), in the pen's colour at this opacity. */
const HATCH_GAP = 8;
const HATCH_ALPHA = '80';
/** Stale data: a wash of the pen's colour. */
const STALE_ALPHA = '24';
/** A span narrower than this (CSS px), such as a single bad sample at the end, still shows. */
const MIN_SPAN = 2;
/** Limits: dash-dot, so a limit never reads as a pen's dashed (uncertain) line. */
const LIMIT_DASH = [10, 3, 2, 3];
const LIMIT_FONT_PX = 10;

export interface PenSpans {
  colour: string;
  spans: readonly QualitySpan[];
}

function clipToPlot(u: uPlot): void {
  const { left, top, width, height } = u.bbox;
  u.ctx.beginPath();
  u.ctx.rect(left, top, width, height);
  u.ctx.clip();
}

/** The spans as pixel columns, clipped to the plot; touching or overlapping ones merged. */
function columns(
  u: uPlot,
  spans: readonly QualitySpan[],
  kind: QualitySpan['kind'],
): Array<[number, number]> {
  const { left, width } = u.bbox;
  const right = left + width;
  const out: Array<[number, number]> = [];
  for (const span of spans) {
    if (span.kind !== kind) continue;
    const x0 = u.valToPos(span.from, 'x', true);
    const x1 = Math.max(u.valToPos(span.to, 'x', true), x0 + MIN_SPAN * uPlot.pxRatio);
    if (x1 <= left || x0 >= right) continue;
    const last = out[out.length - 1];
    if (last && x0 <= last[1] + 1) last[1] = Math.max(last[1], x1);
    else out.push([Math.max(left, x0), Math.min(right, x1)]);
  }
  return out;
}

/**
 * Diagonal strokes over every one of the columns at once: one clip made of all of them and one
 * path across the plot, so a year with hundreds of short bad stretches costs a few hundred
 * strokes, not a few hundred per stretch.
 */
function hatch(u: uPlot, spans: ReadonlyArray<[number, number]>, colour: string, phase: number): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const gap = HATCH_GAP * uPlot.pxRatio;
  ctx.save();
  ctx.beginPath();
  for (const [x0, x1] of spans) ctx.rect(x0, top, x1 - x0, height);
  ctx.clip();
  ctx.strokeStyle = `${colour}${HATCH_ALPHA}`;
  ctx.lineWidth = uPlot.pxRatio;
  ctx.beginPath();
  const [from, to] = [spans[0]![0], spans[spans.length - 1]![1]];
  for (
    let x = Math.max(left, from) - height + phase * uPlot.pxRatio;
    x < Math.min(left + width, to);
    x += gap
  ) {
    ctx.moveTo(x, top + height);
    ctx.lineTo(x + height, top);
  }
  ctx.stroke();
  ctx.restore();
}

/**
 * Hatches where each pen's data is bad and washes where it is stale, over the plot's full
 * height: the line leaves a gap there, and the hatching says the gap is bad data, not a pen that
 * said nothing. Pens' hatchings are offset so that two bad pens stay apart. Returns how many
 * stretches were drawn.
 */
export function drawQualitySpans(u: uPlot, pens: readonly PenSpans[]): number {
  const { ctx } = u;
  const { top, height } = u.bbox;
  let drawn = 0;
  ctx.save();
  clipToPlot(u);
  pens.forEach((pen, index) => {
    for (const [x0, x1] of columns(u, pen.spans, 'stale')) {
      ctx.fillStyle = `${pen.colour}${STALE_ALPHA}`;
      ctx.fillRect(x0, top, x1 - x0, height);
      drawn++;
    }
    const bad = columns(u, pen.spans, 'bad');
    if (bad.length > 0) hatch(u, bad, pen.colour, (index * 3) % HATCH_GAP);
    drawn += bad.length;
  });
  ctx.restore();
  return drawn;
}

/**
 * Each limit as a dash-dot level across the plot on its pen's scale, labelled at the right end
 * (`P1 HH`), above the line or below it near the top. A limit outside the scale's current range
 * is not drawn. Returns what was drawn, as `P1 HH 11` strings.
 */
export function drawLimitLines(u: uPlot, lines: readonly LimitLine[]): string[] {
  const { ctx } = u;
  const { left, top, width } = u.bbox;
  const ratio = uPlot.pxRatio;
  const drawn: string[] = [];
  ctx.save();
  clipToPlot(u);
  ctx.lineWidth = ratio;
  ctx.setLineDash(LIMIT_DASH.map((d) => d * ratio));
  ctx.font = `${LIMIT_FONT_PX * ratio}px system-ui, sans-serif`;
  ctx.textAlign = 'right';
  for (const line of lines) {
    const scale = u.scales[line.scale];
    if (scale?.min == null || scale.max == null || line.value < scale.min || line.value > scale.max) continue;
    const y = Math.round(u.valToPos(line.value, line.scale, true)) + 0.5;
    ctx.strokeStyle = line.colour;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + width, y);
    ctx.stroke();
    const below = y - top < (LIMIT_FONT_PX + 4) * ratio;
    ctx.textBaseline = below ? 'top' : 'bottom';
    ctx.fillStyle = line.colour;
    ctx.fillText(line.label, left + width - 4 * ratio, below ? y + 2 * ratio : y - 2 * ratio);
    drawn.push(`${line.label} ${line.value}`);
  }
  ctx.restore();
  return drawn;
}
