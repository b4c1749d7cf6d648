import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TagId } from '../../shared/domain.js';
import { useTrendFeed, type DrawFrame, type TrendFeed } from '../hooks/useTrendFeed.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { trendActions, useTrendStore, type TrendView } from '../stores/trendStore.js';
import { buildChartOptions } from '../trend/chartOptions.js';
import { parsePenSpecs, penSpecsKey, type PenSpec } from '../trend/penStyle.js';
import { readoutText } from '../trend/chartText.js';
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
 * renders the frame once per pen or axis change; samples go straight to uPlot's setData. Dragging
 * across the plot zooms, ← and → pan by half a window when the chart has focus.
 */
export function TrendChart({ pens, view, windowMinutes, plotRef }: Props) {
  const specsKey = useTagsStore((state) => penSpecsKey(pens, state.tags));
  const specs = useMemo(() => parsePenSpecs(specsKey), [specsKey]);
  const [width, setWidth] = useState(0);
  const containerRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLDivElement>(null);
  const xRangeRef = useRef<[number, number]>([0, 1]);

  const draw = useCallback<DrawFrame>(
    (data, x, live) => {
      const plot = plotRef.current;
      // Pens and chart change in the same commit; a frame built for other pens waits for the next.
      if (!plot || plot.series.length !== data.length || (live && document.hidden)) return;
      xRangeRef.current = x;
      plot.setData(data);
      // What is drawn, for people and tests that cannot read a canvas.
      containerRef.current?.setAttribute('data-points', String(drawnPoints(data)));
    },
    [plotRef],
  );
  const feed = useTrendFeed({ pens, view, windowMinutes, width, draw });
  usePlot(containerRef, readoutRef, plotRef, xRangeRef, specs, feed, setWidth);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    trendActions.pan(event.key === 'ArrowLeft' ? -1 : 1);
  };
  const loading = useTrendStore((state) => state.pens.some((id) => state.loads[id]?.state === 'loading'));
  return (
    <div className="trend-chart-frame">
      <div className="trend-readout" ref={readoutRef} aria-live="off" />
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

/** Builds uPlot for these pens, keeps it sized to its container and reports the width. */
function usePlot(
  containerRef: RefObject<HTMLDivElement | null>,
  readoutRef: RefObject<HTMLDivElement | null>,
  plotRef: RefObject<uPlot | null>,
  xRangeRef: RefObject<[number, number]>,
  specs: readonly PenSpec[],
  feed: TrendFeed,
  setWidth: (width: number) => void,
): void {
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const onCursor = (u: uPlot) => {
      const readout = readoutRef.current;
      if (!readout) return;
      // The time under the pointer, not the nearest sample's: in a gap the readout says so.
      const left = u.cursor.left ?? -1;
      readout.textContent =
        left < 0 ? '' : readoutText(u.posToVal(left, 'x'), specs, feed.sampleAt, !feed.isLive());
    };
    const size = () => ({
      width: Math.max(100, container.clientWidth),
      height: Math.max(100, container.clientHeight),
    });
    const options = buildChartOptions(specs, size(), {
      xRange: () => xRangeRef.current,
      onCursor,
      onZoom: (a, b) => trendActions.zoom(a, b),
    });
    const empty: uPlot.AlignedData = [new Float64Array(0), ...specs.flatMap(() => [[], []])];
    const plot = new uPlot(options, empty, container);
    plotRef.current = plot;
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
  }, [containerRef, readoutRef, plotRef, xRangeRef, specs, feed, setWidth]);
}

/** Values actually plotted (gaps excluded), over every pen's series. */
function drawnPoints(data: uPlot.AlignedData): number {
  let count = 0;
  for (let s = 1; s < data.length; s++) {
    for (const value of data[s] ?? []) if (value !== null && value !== undefined) count++;
  }
  return count;
}
