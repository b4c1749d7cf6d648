import { useState, type RefObject } from 'react';
import uPlot from 'uplot';
import { exportActions, useExportStore, type CsvExportKind } from '../stores/exportStore.js';
import { useTrendStore, visibleRange } from '../stores/trendStore.js';
import type { TimeRange } from '../trend/timeRange.js';
import {
  alignToResolution,
  chartResolutionMs,
  exportFileName,
  formatInterval,
} from '../trend/trendExport.js';

/**
 * CSV of what the trend shows: a small choice (every raw sample, or one row per interval at the
 * chart's resolution), then the export streams with its rows and share done on screen and a
 * Cancel that keeps nothing. The range and resolution are taken when the choice is made: live
 * moves on.
 */
export function CsvExportControl({ plotRef }: { plotRef: RefObject<uPlot | null> }) {
  const noPens = useTrendStore((state) => state.pens.length === 0);
  const running = useExportStore((state) => state.csv.phase === 'running');
  const [resolution, setResolution] = useState<number | null>(null);

  const openChoice = () => {
    if (resolution !== null) return setResolution(null);
    exportActions.dismiss();
    setResolution(chartResolutionMs(visibleRange(useTrendStore.getState(), Date.now()), chartWidth(plotRef)));
  };
  const start = (kind: CsvExportKind) => {
    const state = useTrendStore.getState();
    const shown = visibleRange(state, Date.now());
    const interval = kind === 'resolution' ? chartResolutionMs(shown, chartWidth(plotRef)) : undefined;
    const range: TimeRange = interval === undefined ? shown : alignToResolution(shown, interval);
    const name = exportFileName(range, 'csv');
    const fileName =
      interval === undefined
        ? name
        : name.replace(/\.csv$/, `-${formatInterval(interval).replace(' ', '')}.csv`);
    setResolution(null);
    exportActions.startCsv(
      kind,
      { history: { tags: [...state.pens], ...range, resolution: interval } },
      fileName,
    );
  };

  return (
    <>
      <button
        type="button"
        data-testid="export-csv"
        disabled={noPens || running}
        aria-expanded={resolution !== null}
        title={noPens ? 'Add a pen to export its samples' : 'Save the pens over the shown range as CSV'}
        onClick={openChoice}
      >
        Export CSV…
      </button>
      {resolution !== null && (
        <span
          className="export-choice"
          role="group"
          aria-label="What to export"
          data-testid="export-csv-choice"
        >
          <button type="button" data-testid="export-csv-raw" onClick={() => start('raw')}>
            Raw samples
          </button>
          <button
            type="button"
            data-testid="export-csv-resolution"
            title="One row per interval and pen: average, minimum, maximum, last, count and % good"
            onClick={() => start('resolution')}
          >
            At chart resolution ({formatInterval(resolution)})
          </button>
        </span>
      )}
    </>
  );
}

/** The plot's width in CSS pixels: one M4 column each. */
function chartWidth(plotRef: RefObject<uPlot | null>): number {
  const plot = plotRef.current;
  return plot ? plot.bbox.width / uPlot.pxRatio : 1000;
}
