import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { TestRunResult } from '../../shared/models.js';
import 'uplot/dist/uPlot.min.css';
import { testRunPlot, testRunSummary } from '../models/testRunPlot.js';

/** Calm, distinct line colours: inputs in greys and blues, outputs in a darker, thicker line. */
const INPUT_COLOURS = ['#4a6fa5', '#7a8a9a', '#5b8c85', '#8a7a5b', '#6d5b8a'];
const OUTPUT_COLOURS = ['#1f3a68', '#8a3b12', '#2d5a27'];

/**
 * A test run's outputs plotted against its inputs over the chosen period: inputs on the left
 * axis, outputs on the right, so the engineer sees what the model would have said before the
 * binding goes live. What it drew is on the element too (`data-runs`, `data-series`).
 */
export function TestRunChart({ result }: { result: TestRunResult }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const plot = testRunPlot(result);
    let inputs = 0;
    let outputs = 0;
    const options: uPlot.Options = {
      width: Math.max(300, container.clientWidth),
      height: 260,
      scales: { x: { time: true }, in: {}, out: {} },
      axes: [
        {},
        { scale: 'in', label: 'inputs' },
        { scale: 'out', side: 1, label: 'outputs', grid: { show: false } },
      ],
      series: [
        {},
        ...plot.labels.map((label, index) => ({
          label,
          scale: plot.outputs[index] ? 'out' : 'in',
          stroke: plot.outputs[index]
            ? (OUTPUT_COLOURS[outputs++ % OUTPUT_COLOURS.length] ?? '#1f3a68')
            : (INPUT_COLOURS[inputs++ % INPUT_COLOURS.length] ?? '#4a6fa5'),
          width: plot.outputs[index] ? 2 : 1,
        })),
      ],
    };
    const chart = new uPlot(options, plot.data as uPlot.AlignedData, container);
    container.dataset.runs = String(result.ts.length);
    container.dataset.series = plot.labels.join('|');
    return () => chart.destroy();
  }, [result]);
  return (
    <figure className="test-run" data-testid="test-run">
      <div ref={ref} className="test-run-chart" data-testid="test-run-chart" />
      <figcaption>
        <ul data-testid="test-run-summary">
          {testRunSummary(result).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {result.thinned && <p className="calm-note">The period held more runs than shown: thinned.</p>}
      </figcaption>
    </figure>
  );
}
