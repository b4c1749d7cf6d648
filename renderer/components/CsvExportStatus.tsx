import { exportActions, useExportStore } from '../stores/exportStore.js';

const numberFormat = new Intl.NumberFormat();

/** How the CSV export stands: rows and share done with Cancel, then how it ended. */
export function CsvExportStatus() {
  const csv = useExportStore((state) => state.csv);
  if (csv.phase === 'idle') return null;
  if (csv.phase === 'running') {
    const percent = Math.floor(csv.fraction * 100);
    return (
      <span className="export-progress" role="status" data-testid="export-progress" data-rows={csv.rows}>
        <progress max={1} value={csv.fraction} aria-label="CSV export progress" />
        {numberFormat.format(csv.rows)} rows · {percent} %
        <button type="button" data-testid="export-cancel" onClick={exportActions.cancelCsv}>
          Cancel
        </button>
      </span>
    );
  }
  const text =
    csv.phase === 'saved'
      ? `CSV saved: ${numberFormat.format(csv.rows)} rows (100 %) in ${csv.file}`
      : csv.phase === 'cancelled'
        ? 'CSV export cancelled; nothing was saved'
        : `CSV not saved: ${csv.message}`;
  return (
    <span className="notice" role="status" data-testid="export-result" data-phase={csv.phase}>
      {text}
      <button type="button" className="notice-dismiss" aria-label="Dismiss" onClick={exportActions.dismiss}>
        ×
      </button>
    </span>
  );
}
