import uPlot from 'uplot';
import { formatClock } from '../format/time.js';
import { UNCERTAIN_DASH, type PenSpec } from './penStyle.js';

const AXIS_STROKE = '#2b2b2b';
const GRID_STROKE = '#c2c2c2';
const FONT = '11px system-ui, sans-serif';

/**
 * A fixed engineering range with 5 % headroom, so a value at a limit is not drawn on the frame;
 * no range known: uPlot's own auto-ranging.
 */
function engRange(spec: PenSpec): [low: number, high: number] | null {
  const low = spec.isBoolean ? 0 : spec.engLow;
  const high = spec.isBoolean ? 1 : spec.engHigh;
  return low === null || high === null || !(high > low) ? null : [low, high];
}

function penRange(spec: PenSpec): uPlot.Scale['range'] {
  const range = engRange(spec);
  if (!range) return undefined;
  const pad = (range[1] - range[0]) * 0.05;
  return [range[0] - pad, range[1] + pad];
}

/**
 * Ticks only inside the engineering range, so the axis reads exactly that range; a boolean pen
 * gets two ticks, OFF and ON.
 */
function penTicks(spec: PenSpec): Pick<uPlot.Axis, 'splits' | 'values'> {
  const range = engRange(spec);
  if (spec.isBoolean)
    return { splits: () => [0, 1], values: (_u, splits) => splits.map((v) => (v ? 'ON' : 'OFF')) };
  if (!range) return {};
  const [low, high] = range;
  return {
    splits: (_u, _axis, _min, _max, increment) => {
      const splits: number[] = [];
      const slack = increment * 1e-6;
      for (let i = Math.ceil((low - slack) / increment); i * increment <= high + slack; i++) {
        splits.push(Number((i * increment).toPrecision(12)));
      }
      return splits;
    },
  };
}

/** 24-hour clock on the time axis; seconds only when the ticks are closer than a minute. */
function timeTicks(_u: uPlot, splits: number[]): string[] {
  const step = splits.length > 1 ? (splits[1] ?? 0) - (splits[0] ?? 0) : 60_000;
  return splits.map((ts) => (step < 60_000 ? formatClock(ts) : formatClock(ts).slice(0, 5)));
}

/**
 * uPlot's stepped paths leave a faint riser where a gap ends; widening each gap by two pixels
 * removes it, so a gap shows no transition that was never measured.
 */
const hideRisersAtGapEnds: uPlot.Series.GapsRefiner = (_u, _series, _i0, _i1, gaps) =>
  gaps.map(([from, to]) => [from, to + 2 * uPlot.pxRatio]);

function penSeries(spec: PenSpec, uncertain: boolean): uPlot.Series {
  const series: uPlot.Series = {
    label: `P${spec.number} ${spec.id}${uncertain ? ' (uncertain)' : ''}`,
    scale: spec.id,
    stroke: spec.colour,
    width: uncertain ? 1.25 : 1.5,
    spanGaps: false,
    points: { size: 4, fill: spec.colour, stroke: spec.colour },
  };
  if (uncertain) series.dash = UNCERTAIN_DASH;
  if (spec.isBoolean) {
    // Booleans report changes: a value holds until the next one, so draw steps, not slopes.
    series.paths = uPlot.paths.stepped?.({ align: 1 });
    series.gaps = hideRisersAtGapEnds;
  }
  return series;
}

/**
 * The trend's uPlot options: time in ms on x over a window the caller moves, one y scale and
 * axis per pen (alternating left and right, grid from the first analog pen), two series per pen (solid for
 * good, dashed for uncertain; see alignPens.ts). No zoom: this is a live view.
 */
export function buildChartOptions(
  specs: readonly PenSpec[],
  size: { width: number; height: number },
  xRange: () => [number, number],
  onCursor: (u: uPlot) => void,
): uPlot.Options {
  const scales: uPlot.Scales = { x: { time: true, range: () => xRange() } };
  const gridPen = Math.max(
    0,
    specs.findIndex((spec) => !spec.isBoolean),
  );
  for (const spec of specs) scales[spec.id] = { range: penRange(spec) };
  return {
    width: size.width,
    height: size.height,
    ms: 1,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales,
    axes: [
      {
        stroke: AXIS_STROKE,
        font: FONT,
        grid: { stroke: GRID_STROKE, width: 1 },
        ticks: { stroke: GRID_STROKE },
        values: timeTicks,
      },
      ...specs.map((spec, index): uPlot.Axis => ({
        scale: spec.id,
        side: index % 2 === 0 ? 3 : 1,
        stroke: spec.colour,
        font: FONT,
        size: 48,
        grid: { show: index === gridPen, stroke: GRID_STROKE, width: 1 },
        ticks: { stroke: spec.colour },
        ...penTicks(spec),
      })),
    ],
    series: [{}, ...specs.flatMap((spec) => [penSeries(spec, false), penSeries(spec, true)])],
    hooks: { setCursor: [onCursor] },
  };
}
