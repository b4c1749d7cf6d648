import uPlot from 'uplot';
import { isStepped, UNCERTAIN_ALPHA, UNCERTAIN_DASH, type PenSpec } from './penStyle.js';
import { timeTickLabels } from './chartText.js';
import { columnLinePaths, drawColumnBars } from './linePaths.js';
import { axisSize, penAxes, scaleOfPens, stateTicks, type PenAxis } from './penAxes.js';

const AXIS_STROKE = '#2b2b2b';
const GRID_STROKE = '#c2c2c2';
const FONT = '11px system-ui, sans-serif';

/** A fixed range with 5 % headroom, so a value at a limit is not drawn on the frame; else auto. */
function axisRange(axis: PenAxis): uPlot.Scale['range'] {
  if (!axis.range) return undefined;
  const pad = (axis.range[1] - axis.range[0]) * 0.05;
  return [axis.range[0] - pad, axis.range[1] + pad];
}

/**
 * Ticks only inside the axis' range (the engineering range, or the operator's fixed one), so the
 * axis reads exactly that range; a boolean axis gets two ticks, OFF and ON, an enum axis one per
 * state, named.
 */
function axisTicks(axis: PenAxis): Pick<uPlot.Axis, 'splits' | 'values'> {
  if (axis.states) return stateTicks(axis.states);
  if (axis.isBoolean)
    return { splits: () => [0, 1], values: (_u, splits) => splits.map((v) => (v ? 'ON' : 'OFF')) };
  if (!axis.range) return {};
  const [low, high] = axis.range;
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

/**
 * uPlot's stepped paths leave a faint riser where a gap ends; widening each gap by two pixels
 * removes it, so a gap shows no transition that was never measured.
 */
const hideRisersAtGapEnds: uPlot.Series.GapsRefiner = (_u, _series, _i0, _i1, gaps) =>
  gaps.map(([from, to]) => [from, to + 2 * uPlot.pxRatio]);

function penSeries(spec: PenSpec, scale: string, uncertain: boolean): uPlot.Series {
  const series: uPlot.Series = {
    label: `P${spec.number} ${spec.id}${uncertain ? ' (uncertain)' : ''}`,
    scale,
    stroke: spec.colour,
    width: uncertain ? 1.25 : 1.5,
    spanGaps: false,
    points: { size: 4, fill: spec.colour, stroke: spec.colour },
  };
  if (uncertain) {
    series.dash = UNCERTAIN_DASH;
    // Where M4 packs several points into each pixel a dash pattern no longer shows; the paler
    // stroke still tells uncertain data apart there.
    series.stroke = `${spec.colour}${UNCERTAIN_ALPHA}`;
  }
  if (isStepped(spec)) {
    // Booleans and enums report changes: a value holds until the next one, so draw steps, not slopes.
    series.paths = uPlot.paths.stepped?.({ align: 1 });
    series.gaps = hideRisersAtGapEnds;
  } else {
    series.paths = columnLinePaths({ colour: String(series.stroke) });
  }
  return series;
}

export interface ChartHandlers {
  /** The x range to show, owned by the caller (the live window or the history range). */
  xRange(): [number, number];
  onCursor(u: uPlot): void;
  /** The operator dragged across the plot from `a` to `b` (epoch ms, either order). */
  onZoom(a: number, b: number): void;
  /** Draws on the plot after the grid and before the lines: quality hatching, alarm limits. */
  drawUnder?(u: uPlot): void;
}

/** Drags shorter than this many CSS pixels are clicks, not zooms. */
const MIN_DRAG_PX = 5;

/**
 * A drag across the plot selects a time span; the selection is handed to the caller and cleared
 * instead of letting uPlot rescale itself, because the range is the store's state: it goes on the
 * back/forward stack and is queried again at full resolution.
 */
function zoomOnSelect(onZoom: ChartHandlers['onZoom']): (u: uPlot) => void {
  return (u) => {
    const { left, width } = u.select;
    if (width >= MIN_DRAG_PX) onZoom(u.posToVal(left, 'x'), u.posToVal(left + width, 'x'));
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  };
}

/**
 * The trend's uPlot options: time in ms on x over a range the caller owns; one y scale and axis
 * per group of pens that read alike (see penAxes.ts), labelled with its pens and unit, alternating
 * left and right, grid from the first analog axis; two series per pen (solid for good, dashed
 * for uncertain; see alignPens.ts). Dragging across x zooms.
 */
export function buildChartOptions(
  specs: readonly PenSpec[],
  size: { width: number; height: number },
  handlers: ChartHandlers,
): uPlot.Options {
  const axes = penAxes(specs);
  const scaleOf = scaleOfPens(axes, specs.length);
  const scales: uPlot.Scales = { x: { time: true, range: () => handlers.xRange() } };
  for (const axis of axes) scales[axis.scale] = { range: axisRange(axis) };
  const gridAxis = Math.max(
    0,
    axes.findIndex((axis) => !axis.isBoolean),
  );
  const { drawUnder } = handlers;
  return {
    width: size.width,
    height: size.height,
    ms: 1,
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false, dist: MIN_DRAG_PX }, points: { show: false } },
    scales,
    axes: [
      {
        stroke: AXIS_STROKE,
        font: FONT,
        grid: { stroke: GRID_STROKE, width: 1 },
        ticks: { stroke: GRID_STROKE },
        values: (_u, splits) => timeTickLabels(splits),
        // Room for a seconds label (`14:05:30`) between ticks, so they never run together.
        space: 80,
      },
      ...axes.map((axis, index): uPlot.Axis => ({
        scale: axis.scale,
        side: index % 2 === 0 ? 3 : 1,
        stroke: axis.colour,
        font: FONT,
        label: axis.label,
        labelFont: FONT,
        labelSize: 16,
        labelGap: 2,
        size: axisSize(axis),
        grid: { show: index === gridAxis, stroke: GRID_STROKE, width: 1 },
        ticks: { stroke: axis.colour },
        ...axisTicks(axis),
      })),
    ],
    series: [
      {},
      ...specs.flatMap((spec, i) => {
        const scale = scaleOf[i] ?? spec.id;
        return [penSeries(spec, scale, false), penSeries(spec, scale, true)];
      }),
    ],
    hooks: {
      setCursor: [handlers.onCursor],
      setSelect: [zoomOnSelect(handlers.onZoom)],
      drawSeries: [drawColumnBars],
      ...(drawUnder ? { drawAxes: [drawUnder] } : {}),
    },
  };
}
