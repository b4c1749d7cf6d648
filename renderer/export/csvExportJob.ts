import type { AlarmJournalFilter } from '../../shared/alarms.js';
import type {
  CsvExportOutcome,
  CsvExportRequestInput,
  DesktopCsvExport,
  DesktopExportApi,
} from '../../shared/csvExport.js';
// Declares window.watchkeeperDesktop, for every project that compiles this file.
import type {} from '../api/global.js';
import { alarmJournalCsvHref } from '../alarms/journalQuery.js';
import { kpiCsvHref } from '../reports/kpiTiles.js';
import { csvExportHref } from '../trend/trendExport.js';
import { blobSink, pickFileSink, saveFilePicker, type CsvSink } from './csvSinks.js';
import { downloadCsv, type CsvDownloadProgress } from './httpCsvExport.js';

/** One export under way: how it ends, and a way to stop it. */
export interface CsvExportJob {
  done: Promise<CsvExportOutcome>;
  cancel(): void;
}

/** What to export: history (the trend's pens over a range), the alarm journal under a filter, or
 * the alarm performance report of a period. */
export type CsvExportSource =
  | { history: CsvExportRequestInput }
  | { alarmJournal: AlarmJournalFilter }
  | { alarmKpi: { from: number; to: number } };

let jobCount = 0;

/**
 * Starts a CSV export of `source` saved as `fileName`: in the desktop app through its save
 * dialog (the main process writes the file), in a browser over HTTP into a file the user picks
 * (File System Access API) or, where that API is missing, a download at the end. A cancelled or
 * failed export keeps nothing. Call it from a click: the browser's picker needs the gesture.
 */
export function startCsvExport(
  source: CsvExportSource,
  fileName: string,
  onProgress: (progress: CsvDownloadProgress) => void,
): CsvExportJob {
  const desktop = window.watchkeeperDesktop;
  return desktop
    ? desktopExport(desktop, source, onProgress)
    : browserExport(exportHref(source), fileName, onProgress);
}

/** The server's export of a source: `/api/export/history.csv`, `/api/export/alarms.csv`, `/api/reports/alarm-kpi.csv`. */
export function exportHref(source: CsvExportSource): string {
  if ('history' in source) {
    const { tags, resolution } = source.history;
    return csvExportHref(tags, source.history, resolution);
  }
  if ('alarmJournal' in source) return alarmJournalCsvHref(source.alarmJournal);
  return kpiCsvHref(source.alarmKpi);
}

/** The desktop's export job for a source (shared/csvExport.ts DesktopCsvExportSchema). */
function desktopJob(id: string, source: CsvExportSource): DesktopCsvExport {
  if ('history' in source) return { id, request: source.history };
  if ('alarmJournal' in source) return { id, alarmJournal: source.alarmJournal };
  return { id, alarmKpi: source.alarmKpi };
}

function desktopExport(
  desktop: DesktopExportApi,
  source: CsvExportSource,
  onProgress: (progress: CsvDownloadProgress) => void,
): CsvExportJob {
  const id = `csv-${Date.now()}-${++jobCount}`;
  const unsubscribe = desktop.onExportProgress((progress) => {
    if (progress.id === id) onProgress(progress);
  });
  const done = desktop
    .exportCsv(desktopJob(id, source))
    .catch((error: unknown): CsvExportOutcome => failed(error))
    .finally(unsubscribe);
  return { done, cancel: () => desktop.cancelExport(id) };
}

function browserExport(
  url: string,
  fileName: string,
  onProgress: (progress: CsvDownloadProgress) => void,
): CsvExportJob {
  const controller = new AbortController();
  const picker = saveFilePicker();
  // The picker opens at once, while the click still counts as the user's gesture.
  const sinkReady: Promise<CsvSink | null> = picker
    ? pickFileSink(picker, fileName)
    : Promise.resolve(blobSink(fileName));
  const run = async (): Promise<CsvExportOutcome> => {
    const sink = await sinkReady;
    if (!sink || controller.signal.aborted) return { status: 'cancelled', rows: 0 };
    let rows = 0;
    try {
      const result = await downloadCsv(url, sink, {
        signal: controller.signal,
        onProgress(progress) {
          rows = progress.rows;
          onProgress(progress);
        },
      });
      await sink.close();
      return { status: 'saved', rows: result.rows, file: fileName };
    } catch (error) {
      await sink.abort().catch(() => {});
      return controller.signal.aborted ? { status: 'cancelled', rows } : failed(error);
    }
  };
  return { done: run().catch(failed), cancel: () => controller.abort() };
}

function failed(error: unknown): CsvExportOutcome {
  return {
    status: 'failed',
    error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
  };
}
