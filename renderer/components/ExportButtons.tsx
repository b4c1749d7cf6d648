import { useState, type RefObject } from 'react';
import uPlot from 'uplot';
import { useTagsStore } from '../stores/tagsStore.js';
import { selectIsLive } from '../stores/trendSelectors.js';
import { useTrendStore, visibleRange } from '../stores/trendStore.js';
import { chartPng, downloadBlob } from '../trend/exportPng.js';
import { penSpecs } from '../trend/penStyle.js';
import { exportFileName, exportTitle } from '../trend/trendExport.js';
import { CsvExportControl } from './CsvExportControl.js';
import { CsvExportStatus } from './CsvExportStatus.js';

/** The visible range at this moment: live moves on, so it is taken when the export starts. */
const rangeNow = () => visibleRange(useTrendStore.getState(), Date.now());

/**
 * Export of what the trend shows. CSV streams the visible range, raw or at the chart's
 * resolution, with progress and cancel (CsvExportControl). PNG draws the chart under a title
 * (pens, range) and saves it.
 */
export function ExportButtons({ plotRef }: { plotRef: RefObject<uPlot | null> }) {
  const pens = useTrendStore((state) => state.pens);
  const [problem, setProblem] = useState<string | null>(null);
  const noPens = pens.length === 0;

  const onPng = () => {
    const plot = plotRef.current;
    if (!plot) return;
    const state = useTrendStore.getState();
    const range = rangeNow();
    const specs = penSpecs(state.pens, useTagsStore.getState().tags, state.penOptions);
    const title = exportTitle(specs, range, selectIsLive(state));
    setProblem(null);
    chartPng(plot.ctx.canvas, title, uPlot.pxRatio)
      .then((blob) => downloadBlob(blob, exportFileName(range, 'png')))
      .catch((error: unknown) => setProblem(`PNG not saved: ${String(error)}`));
  };

  return (
    <div className="export-buttons" role="group" aria-label="Export">
      <CsvExportControl plotRef={plotRef} />
      <button
        type="button"
        data-testid="export-png"
        disabled={noPens}
        title={noPens ? 'Add a pen to export the chart' : 'Save the chart as a PNG image'}
        onClick={onPng}
      >
        Export PNG
      </button>
      {problem && (
        <span className="notice" role="status">
          {problem}
        </span>
      )}
      <CsvExportStatus />
    </div>
  );
}
