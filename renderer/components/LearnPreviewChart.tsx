import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useApi } from '../api/apiContext.js';
import { previewPlot, type PreviewPlot } from '../models/learnPreview.js';

const COLOURS = ['#4a6fa5', '#8a3b12', '#5b8c85', '#8a7a5b', '#6d5b8a', '#2d5a27', '#7a8a9a'];
const POINTS = 600;

/**
 * The chosen tags' history over the chosen period, small, so the engineer sees the period was
 * normal before a baseline is learned from it. What it drew is on the element too.
 */
export function LearnPreviewChart({ tags, from, to }: { tags: readonly string[]; from: number; to: number }) {
  const api = useApi();
  const ref = useRef<HTMLDivElement>(null);
  const [plot, setPlot] = useState<PreviewPlot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = tags.join('|');

  useEffect(() => {
    let current = true;
    const ids = key.split('|');
    api.call('history.queryRanges', { tags: ids, from, to, maxPoints: POINTS }).then(
      (answer) => {
        if (!current) return;
        setPlot(previewPlot(answer.results));
        setError(null);
      },
      (e: unknown) => current && setError(String(e)),
    );
    return () => {
      current = false;
    };
  }, [api, key, from, to]);

  useEffect(() => {
    const container = ref.current;
    if (!container || !plot) return;
    const chart = new uPlot(
      {
        width: Math.max(300, container.clientWidth),
        height: 180,
        scales: { x: { time: true } },
        series: [
          {},
          ...plot.labels.map((label, index) => ({
            label,
            stroke: COLOURS[index % COLOURS.length] ?? '#4a6fa5',
            spanGaps: true,
            // Each tag on its own range, so a flow of 100 does not flatten a vibration of 2.
            scale: `t${index}`,
          })),
        ],
        axes: [{}, { scale: 't0' }],
      },
      plot.data as uPlot.AlignedData,
      container,
    );
    container.dataset.series = plot.labels.join('|');
    container.dataset.counts = plot.counts.join('|');
    return () => chart.destroy();
  }, [plot]);

  return (
    <figure className="test-run" data-testid="learn-preview">
      <div ref={ref} className="test-run-chart" data-testid="learn-preview-chart" />
      <figcaption className="calm-note">
        {error
          ? `History could not be read: ${error}`
          : plot
            ? plot.labels.map((tag, i) => `${tag}: ${plot.counts[i] ?? 0} samples`).join(' · ')
            : 'Reading history…'}
      </figcaption>
    </figure>
  );
}
