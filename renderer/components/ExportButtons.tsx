import { useState, type MouseEvent, type RefObject } from 'react';
import uPlot from 'uplot';
import { useNow } from '../hooks/useNow.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { selectIsLive } from '../stores/trendSelectors.js';
import { useTrendStore, visibleRange } from '../stores/trendStore.js';
import { chartPng, downloadBlob } from '../trend/exportPng.js';
import { penSpecs } from '../trend/penStyle.js';
import { csvExportHref, exportFileName, exportTitle } from '../trend/trendExport.js';

const ELECTRON_CSV =
  'CSV export is not in the desktop app yet; open the same site in a browser (watchkeeper serve) to export.';

/** The visible range at this moment: live moves on, so it is taken when the export starts. */
const rangeNow = () => visibleRange(useTrendStore.getState(), Date.now());

/**
 * Export of what the trend shows. CSV is a plain link to the server's streaming export of the
 * visible range, so even a year of samples never passes through the page; inside Electron there
 * is no HTTP server to stream it yet, so the button says why it does nothing. PNG draws the chart
 * under a title (pens, range) and saves it, in both.
 */
export function ExportButtons({ plotRef }: { plotRef: RefObject<uPlot | null> }) {
  const pens = useTrendStore((state) => state.pens);
  // Keeps a live link roughly current for copy-link; a click takes the exact range.
  const now = useNow(30_000);
  const href = useTrendStore((state) => csvExportHref(state.pens, visibleRange(state, now)));
  const [problem, setProblem] = useState<string | null>(null);
  const noPens = pens.length === 0;

  const onCsvClick = (event: MouseEvent<HTMLAnchorElement>) => {
    event.currentTarget.href = csvExportHref(useTrendStore.getState().pens, rangeNow());
  };
  const onPng = () => {
    const plot = plotRef.current;
    if (!plot) return;
    const state = useTrendStore.getState();
    const range = rangeNow();
    const title = exportTitle(penSpecs(state.pens, useTagsStore.getState().tags), range, selectIsLive(state));
    setProblem(null);
    chartPng(plot.ctx.canvas, title, uPlot.pxRatio)
      .then((blob) => downloadBlob(blob, exportFileName(range, 'png')))
      .catch((error: unknown) => setProblem(`PNG not saved: ${String(error)}`));
  };

  return (
    <div className="export-buttons" role="group" aria-label="Export">
      {window.watchkeeper || noPens ? (
        <button
          type="button"
          data-testid="export-csv"
          aria-disabled="true"
          className="inert"
          title={noPens ? 'Add a pen to export its samples' : ELECTRON_CSV}
        >
          Export CSV
        </button>
      ) : (
        <a className="button-link" data-testid="export-csv" href={href} download onClick={onCsvClick}>
          Export CSV
        </a>
      )}
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
    </div>
  );
}
