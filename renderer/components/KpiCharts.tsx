import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { AlarmKpiReport } from '../../shared/alarms.js';
import { PRIORITY_LABEL, PRIORITY_NUMBER } from '../alarms/priorityText.js';
import { PRIORITIES_DESC } from '../stores/alarmsSelectors.js';
import { timeTickLabels } from '../trend/chartText.js';
import { MAX_IN_10_MIN_TARGET } from '../reports/kpiTiles.js';

const HEIGHT = 200;
const INK = '#2b2b2b';
const GRID = '#c2c2c2';
const FONT = '11px system-ui, sans-serif';

/** A dashed level across the plot with its label: the flood threshold. */
function drawLevel(u: uPlot, value: number, label: string): void {
  const y = Math.round(u.valToPos(value, 'y', true)) + 0.5;
  const { left, top, width, height } = u.bbox;
  if (y < top || y > top + height) return;
  const { ctx } = u;
  const ratio = uPlot.pxRatio;
  ctx.save();
  ctx.strokeStyle = INK;
  ctx.lineWidth = ratio;
  ctx.setLineDash([6 * ratio, 4 * ratio]);
  ctx.beginPath();
  ctx.moveTo(left, y);
  ctx.lineTo(left + width, y);
  ctx.stroke();
  ctx.fillStyle = INK;
  ctx.font = `${10 * ratio}px system-ui, sans-serif`;
  ctx.textAlign = 'right';
  ctx.fillText(label, left + width - 4 * ratio, y - 3 * ratio);
  ctx.restore();
}

/** A uPlot in a container, rebuilt when `build` changes, sized to the container's width. */
function usePlot(build: (width: number) => { options: uPlot.Options; data: uPlot.AlignedData }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const { options, data } = build(Math.max(300, container.clientWidth));
    const plot = new uPlot(options, data, container);
    const observer = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(300, container.clientWidth), height: HEIGHT }),
    );
    observer.observe(container);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [build]);
  return ref;
}

const axis = (extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({
  stroke: INK,
  font: FONT,
  grid: { stroke: GRID, width: 1 },
  ticks: { stroke: GRID },
  ...extra,
});

/**
 * Annunciated activations per 10-minute period as bars, with the flood threshold (more than
 * ten in ten minutes) as a dashed line.
 */
export function ActivationsChart({ report }: { report: AlarmKpiReport }) {
  const { start, count } = report.per10MinSeries;
  const ref = usePlot(
    useMemo(
      () => (width: number) => ({
        options: {
          width,
          height: HEIGHT,
          ms: 1,
          legend: { show: false },
          cursor: { show: false },
          scales: {
            x: { time: true },
            y: { range: (_u, _min, max) => [0, Math.max(MAX_IN_10_MIN_TARGET + 2, max + 1)] },
          },
          axes: [
            axis({ values: (_u, splits) => timeTickLabels(splits), space: 80 }),
            axis({ label: 'per 10 min' }),
          ],
          series: [
            {},
            {
              label: 'Activations',
              stroke: INK,
              fill: '#6b6b6b',
              paths: uPlot.paths.bars?.({ size: [0.9, 40], align: 1 }),
              points: { show: false },
            },
          ],
          hooks: {
            draw: [(u) => drawLevel(u, MAX_IN_10_MIN_TARGET, `flood: > ${MAX_IN_10_MIN_TARGET} in 10 min`)],
          },
        },
        data: [Float64Array.from(start), Float64Array.from(count)] as uPlot.AlignedData,
      }),
      [start, count],
    ),
  );
  return (
    <figure className="kpi-chart">
      <div
        ref={ref}
        data-testid="kpi-activations-chart"
        data-bars={count.length}
        data-flood-line={MAX_IN_10_MIN_TARGET}
        role="img"
        aria-label={`Activations per 10 minutes, ${count.length} periods, most ${Math.max(0, ...count)}`}
      />
      <figcaption className="calm-note">
        Annunciated alarms per 10 minutes · dashed: flood threshold
      </figcaption>
    </figure>
  );
}

/** Each priority's share of annunciated alarms (dark, narrow) against its target (pale, wide). */
export function PriorityChart({ report }: { report: AlarmKpiReport }) {
  const shares = PRIORITIES_DESC.map((p) => report.priorityDistribution[p]);
  const ref = usePlot(
    useMemo(
      () => (width: number) => ({
        options: {
          width,
          height: HEIGHT,
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: false, range: [-0.5, 3.5] }, y: { range: [0, 100] } },
          axes: [
            axis({
              grid: { show: false },
              splits: () => [0, 1, 2, 3],
              values: (_u, splits) =>
                splits.map((i) => {
                  const p = PRIORITIES_DESC[i];
                  return p ? `${PRIORITY_NUMBER[p]} ${PRIORITY_LABEL[p]}` : '';
                }),
            }),
            axis({ label: '% of alarms' }),
          ],
          series: [
            {},
            {
              label: 'Target',
              fill: '#c9c9c9',
              stroke: '#8a8a8a',
              paths: uPlot.paths.bars?.({ size: [0.7, 120] }),
              points: { show: false },
            },
            {
              label: 'Actual',
              fill: INK,
              stroke: INK,
              paths: uPlot.paths.bars?.({ size: [0.3, 50] }),
              points: { show: false },
            },
          ],
        },
        data: [
          [0, 1, 2, 3],
          PRIORITIES_DESC.map((p) => report.priorityDistribution[p].targetPercent),
          PRIORITIES_DESC.map((p) => report.priorityDistribution[p].percent),
        ] as uPlot.AlignedData,
      }),
      [report],
    ),
  );
  return (
    <figure className="kpi-chart">
      <div
        ref={ref}
        data-testid="kpi-priority-chart"
        data-actual={shares.map((s) => s.percent.toFixed(1)).join('|')}
        data-target={shares.map((s) => s.targetPercent).join('|')}
        role="img"
        aria-label={`Priority distribution: ${PRIORITIES_DESC.map((p, i) => `${PRIORITY_LABEL[p]} ${shares[i]!.percent.toFixed(1)} % (target ${shares[i]!.targetPercent} %)`).join(', ')}`}
      />
      <figcaption className="calm-note">
        Priority distribution: dark bars the share of alarms of each priority, pale bars its target
      </figcaption>
    </figure>
  );
}
