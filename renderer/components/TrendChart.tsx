import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TagId } from '../../shared/domain.js';
import { useTrendFeed, type DrawFrame, type TrendFeed } from '../hooks/useTrendFeed.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { trendActions, useTrendStore, type TrendView } from '../stores/trendStore.js';
import { drawLimitLines, drawQualitySpans } from '../trend/chartDraw.js';
import { buildChartOptions } from '../trend/chartOptions.js';
import { limitLines } from '../trend/limitLines.js';
import { describeAxisRange, penAxes } from '../trend/penAxes.js';
import { parsePenSpecs, penSpecsKey, type PenSpec } from '../trend/penStyle.js';
import type { QualitySpan } from '../trend/qualitySpans.js';
import { cursorReadout } from '../trend/readout.js';
import { TrendReadout, type ShowReadout } from './TrendReadout.js';
import { TrendStatus } from './TrendStatus.js';

interface Props {
  pens: readonly TagId[];
  view: TrendView;
  windowMinutes: number;
  /** Holds the uPlot instance while the chart lives, for the PNG export. */
  plotRef: RefObject<uPlot | null>;
}

/** Waits this long after the last resize before querying history for the new width. */
const RESIZE_SETTLE_MS = 300;

/**
 * The trend: uPlot sized to its container, fed live or from history (see useTrendFeed). React
 * renders the frame once per pen or axis change; samples go straight to uPlot's setData, with
 * each pen's bad and stale stretches for the hatching. A crosshair readout above the plot gives
 * every pen's value at the cursor. Dragging across the plot zooms, ← and → pan by half a window
 * when the chart has focus.
 */
export function TrendChart({ pens, view, windowMinutes, plotRef }: Props) {
  const penOptions = useTrendStore((state) => state.penOptions);
  const specsKey = useTagsStore((state) => penSpecsKey(pens, state.tags, penOptions));
  const specs = useMemo(() => parsePenSpecs(specsKey), [specsKey]);
  const [width, setWidth] = useState(0);
  const containerRef = useRef<HTMLDivElement>(null);
  const showReadout = useRef<ShowReadout>(() => {});
  const xRangeRef = useRef<[number, number]>([0, 1]);
  const spansRef = useRef<QualitySpan[][]>([]);

  const draw = useCallback<DrawFrame>(
    (data, x, live, spans) => {
      const plot = plotRef.current;
      // Pens and chart change in the same commit; a frame built for other pens waits for the next.
      if (!plot || plot.series.length !== data.length || (live && document.hidden)) return;
      xRangeRef.current = x;
      spansRef.current = spans;
      plot.setData(data);
      // What is drawn, for people and tests that cannot read a canvas.
      const container = containerRef.current;
      container?.setAttribute('data-points', String(drawnPoints(data)));
      container?.setAttribute('data-from', String(x[0]));
      container?.setAttribute('data-to', String(x[1]));
    },
    [plotRef],
  );
  const feed = useTrendFeed({ pens, view, windowMinutes, width, draw });
  usePlot({ containerRef, showReadout, plotRef, xRangeRef, spansRef, specs, feed, setWidth });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    trendActions.pan(event.key === 'ArrowLeft' ? -1 : 1);
  };
  const loading = useTrendStore((state) => state.pens.some((id) => state.loads[id]?.state === 'loading'));
  return (
    <div className="trend-chart-frame">
      <TrendReadout showRef={showReadout} penCount={pens.length} />
      <div
        className="trend-chart"
        data-testid="trend-chart"
        data-mode={view.kind}
        ref={containerRef}
        tabIndex={0}
        role="group"
        aria-label="Trend chart: drag across it to zoom; ← and → pan by half a window"
        aria-busy={loading}
        onKeyDown={onKeyDown}
      />
      <TrendStatus live={view.kind === 'live'} />
    </div>
  );
}

interface PlotParts {
  containerRef: RefObject<HTMLDivElement | null>;
  showReadout: RefObject<ShowReadout>;
  plotRef: RefObject<uPlot | null>;
  xRangeRef: RefObject<[number, number]>;
  spansRef: RefObject<QualitySpan[][]>;
  specs: readonly PenSpec[];
  feed: TrendFeed;
  setWidth: (width: number) => void;
}

/**
 * Builds uPlot for these pens, keeps it sized to its container and reports the width. What the
 * canvas shows besides the lines is also written on the container (`data-axes`, `data-axis-ranges`,
 * `data-axis-colours`, `data-pen-colours`, `data-limit-lines`, `data-quality-spans`), for people
 * and tests that cannot read a canvas.
 */
function usePlot(parts: PlotParts): void {
  const { containerRef, showReadout, plotRef, xRangeRef, spansRef, specs, feed, setWidth } = parts;
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const onCursor = (u: uPlot) => {
      // The time under the pointer, not the nearest sample's: in a gap the readout says so.
      const left = u.cursor.left ?? -1;
      const at = left < 0 ? null : u.posToVal(left, 'x');
      showReadout.current(at === null ? null : cursorReadout(at, specs, feed.sampleAt, !feed.isLive()));
    };
    const axes = penAxes(specs);
    const limits = limitLines(specs, axes);
    container.dataset.axes = axes.map((axis) => axis.label).join('|');
    container.dataset.axisRanges = axes.map(describeAxisRange).join('|');
    container.dataset.axisColours = axes.map((axis) => axis.colour).join('|');
    container.dataset.penColours = specs.map((spec) => spec.colour).join('|');
    const drawUnder = (u: uPlot) => {
      const pens = specs.map((spec, i) => ({ colour: spec.colour, spans: spansRef.current[i] ?? [] }));
      container.dataset.qualitySpans = String(drawQualitySpans(u, pens));
      container.dataset.limitLines = drawLimitLines(u, limits).join('|');
    };
    const size = () => ({
      width: Math.max(100, container.clientWidth),
      height: Math.max(100, container.clientHeight),
    });
    const options = buildChartOptions(specs, size(), {
      xRange: () => xRangeRef.current,
      onCursor,
      onZoom: (a, b) => trendActions.zoom(a, b),
      drawUnder,
    });
    spansRef.current = [];
    const empty: uPlot.AlignedData = [new Float64Array(0), ...specs.flatMap(() => [[], []])];
    const plot = new uPlot(options, empty, container);
    plotRef.current = plot;
    // A readout of the pens before is wrong for these; the next cursor move brings one back.
    showReadout.current(null);
    feed.redraw();
    let settle: ReturnType<typeof setTimeout> | undefined;
    let measured = false;
    // ResizeObserver reports once at observe(): the first width is taken at once, later ones settle.
    const observer = new ResizeObserver(() => {
      plot.setSize(size());
      clearTimeout(settle);
      if (measured) settle = setTimeout(() => setWidth(container.clientWidth), RESIZE_SETTLE_MS);
      else setWidth(container.clientWidth);
      measured = true;
    });
    observer.observe(container);
    return () => {
      clearTimeout(settle);
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [containerRef, showReadout, plotRef, xRangeRef, spansRef, specs, feed, setWidth]);
}

/** Values actually plotted (gaps excluded), over every pen's series. */
function drawnPoints(data: uPlot.AlignedData): number {
  let count = 0;
  for (let s = 1; s < data.length; s++) {
    for (const value of data[s] ?? []) if (value !== null && value !== undefined) count++;
  }
  return count;
}
