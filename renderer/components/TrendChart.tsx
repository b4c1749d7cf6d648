import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TagId } from '../../shared/domain.js';
import { useApi } from '../api/apiContext.js';
import { qualityView } from '../format/quality.js';
import { formatClock } from '../format/time.js';
import { formatValue } from '../format/value.js';
import { useHealthStore } from '../stores/healthStore.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { buildChartOptions } from '../trend/chartOptions.js';
import { LiveTrend } from '../trend/liveTrend.js';
import { parsePenSpecs, penSpecsKey } from '../trend/penStyle.js';

interface Props {
  pens: readonly TagId[];
  windowMinutes: number;
}

/**
 * The live trend: uPlot sized to its container, fed by a LiveTrend. React renders the frame
 * once per pen or axis change; samples go straight from the LiveTrend to uPlot's setData.
 */
export function TrendChart({ pens, windowMinutes }: Props) {
  const api = useApi();
  const epoch = useHealthStore((state) => state.syncEpoch);
  const linkUp = useHealthStore((state) => state.link === 'connected');
  const specsKey = useTagsStore((state) => penSpecsKey(pens, state.tags));
  const specs = useMemo(() => parsePenSpecs(specsKey), [specsKey]);
  const [errors, setErrors] = useState<Readonly<Record<TagId, string>>>({});

  const containerRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const trendRef = useRef<LiveTrend | null>(null);
  const xRangeRef = useRef<[number, number]>([0, 1]);

  useEffect(() => {
    const trend = new LiveTrend({
      api,
      draw(data, x) {
        const plot = plotRef.current;
        // Pens and chart change in the same commit; a frame built for other pens waits for the next.
        if (!plot || plot.series.length !== data.length || document.hidden) return;
        xRangeRef.current = x;
        plot.setData(data);
        // What is drawn, for people and tests that cannot read a canvas.
        containerRef.current?.setAttribute('data-points', String(drawnPoints(data)));
      },
      currentValue(id) {
        const tag = useTagsStore.getState().tags[id];
        return tag?.ts != null ? { id, value: tag.value, quality: tag.quality, ts: tag.ts } : null;
      },
      onBackfillError(id, message) {
        setErrors((old) => {
          if ((old[id] ?? null) === message) return old;
          const next = { ...old };
          if (message === null) delete next[id];
          else next[id] = message;
          return next;
        });
      },
    });
    trendRef.current = trend;
    trend.start();
    return () => {
      trend.stop();
      trendRef.current = null;
    };
  }, [api]);

  useEffect(() => {
    trendRef.current?.setPens(
      specs.map((spec) => spec.id),
      windowMinutes * 60_000,
      epoch,
    );
  }, [specs, windowMinutes, epoch]);

  useEffect(() => {
    trendRef.current?.setLinkUp(linkUp);
  }, [linkUp]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const onCursor = (u: uPlot) => {
      const readout = readoutRef.current;
      const idx = u.cursor.idx;
      const ts = idx == null ? undefined : u.data[0][idx];
      if (!readout) return;
      if (idx == null || ts === undefined) {
        readout.textContent = '';
        return;
      }
      const tags = useTagsStore.getState().tags;
      const parts = specs.map((spec) => {
        const tag = tags[spec.id];
        const sample = trendRef.current?.sampleAt(spec.id, ts);
        if (!tag || !sample) return `P${spec.number} —`;
        const quality = qualityView(sample.quality);
        if (quality.severity === 'bad') return `P${spec.number} BAD`;
        const text = formatValue({ ...tag, value: sample.value });
        return `P${spec.number} ${text}${spec.unit ? ` ${spec.unit}` : ''}${quality.badge ? ` ${quality.badge}` : ''}`;
      });
      readout.textContent = `${formatClock(ts)}   ${parts.join('   ')}`;
    };
    const size = {
      width: Math.max(100, container.clientWidth),
      height: Math.max(100, container.clientHeight),
    };
    const options = buildChartOptions(specs, size, () => xRangeRef.current, onCursor);
    const empty: uPlot.AlignedData = [new Float64Array(0), ...specs.flatMap(() => [[], []])];
    const plot = new uPlot(options, empty, container);
    plotRef.current = plot;
    trendRef.current?.tick(true);
    const observer = new ResizeObserver(() => {
      plot.setSize({
        width: Math.max(100, container.clientWidth),
        height: Math.max(100, container.clientHeight),
      });
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [specs]);

  const errorList = Object.entries(errors).filter(([id]) => pens.includes(id));
  return (
    <div className="trend-chart-frame">
      <div className="trend-readout" ref={readoutRef} aria-live="off" />
      <div className="trend-chart" data-testid="trend-chart" ref={containerRef} />
      {errorList.length > 0 && (
        <ul className="trend-errors" role="status">
          {errorList.map(([id, message]) => (
            <li key={id}>
              History of {id} not loaded ({message}); showing live values only.
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Values actually plotted (gaps excluded), over every pen's series. */
function drawnPoints(data: uPlot.AlignedData): number {
  let count = 0;
  for (let s = 1; s < data.length; s++) {
    for (const value of data[s] ?? []) if (value !== null && value !== undefined) count++;
  }
  return count;
}
