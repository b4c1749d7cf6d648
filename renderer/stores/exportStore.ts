import { create } from 'zustand';
import type { CsvExportOutcome } from '../../shared/csvExport.js';
import { startCsvExport, type CsvExportJob, type CsvExportSource } from '../export/csvExportJob.js';
import type { CsvDownloadProgress } from '../export/httpCsvExport.js';

/** Raw samples, one row per interval at the chart's resolution, the alarm journal or report. */
export type CsvExportKind = 'raw' | 'resolution' | 'alarms' | 'kpi';

/** The CSV export as the operator sees it: one at a time, its progress, then how it ended. */
export type CsvExportState =
  | { phase: 'idle' }
  | { phase: 'running'; kind: CsvExportKind; rows: number; fraction: number }
  | { phase: 'saved'; kind: CsvExportKind; rows: number; file: string }
  | { phase: 'cancelled'; kind: CsvExportKind; rows: number }
  | { phase: 'failed'; kind: CsvExportKind; message: string };

export const IDLE: CsvExportState = { phase: 'idle' };

export function exportStarted(kind: CsvExportKind): CsvExportState {
  return { phase: 'running', kind, rows: 0, fraction: 0 };
}

/** Progress only moves forward, and only while the export runs. */
export function exportProgressed(state: CsvExportState, progress: CsvDownloadProgress): CsvExportState {
  if (state.phase !== 'running') return state;
  return { ...state, rows: progress.rows, fraction: Math.max(state.fraction, progress.fraction) };
}

export function exportFinished(state: CsvExportState, outcome: CsvExportOutcome): CsvExportState {
  if (state.phase !== 'running') return state;
  const { kind } = state;
  switch (outcome.status) {
    case 'saved':
      return { phase: 'saved', kind, rows: outcome.rows, file: outcome.file };
    case 'cancelled':
      return { phase: 'cancelled', kind, rows: outcome.rows };
    case 'failed':
      return { phase: 'failed', kind, message: outcome.error.message };
  }
}

export const useExportStore = create<{ csv: CsvExportState }>()(() => ({ csv: IDLE }));

/** Progress reaches the screen at most ten times a second, however fast chunks arrive. */
const PROGRESS_EVERY_MS = 100;

let job: CsvExportJob | null = null;

const update = (next: (state: CsvExportState) => CsvExportState) =>
  useExportStore.setState((store) => ({ csv: next(store.csv) }));

export const exportActions = {
  /** Starts an export unless one runs; call from a click (the browser's save picker needs it). */
  startCsv(kind: CsvExportKind, source: CsvExportSource, fileName: string): void {
    if (job) return;
    let latest: CsvDownloadProgress | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      if (latest) update((state) => exportProgressed(state, latest!));
    };
    update(() => exportStarted(kind));
    const started = startCsvExport(source, fileName, (progress) => {
      latest = progress;
      timer ??= setTimeout(flush, PROGRESS_EVERY_MS);
    });
    job = started;
    void started.done.then((outcome) => {
      clearTimeout(timer);
      flush();
      job = null;
      update((state) => exportFinished(state, outcome));
    });
  },
  cancelCsv(): void {
    job?.cancel();
  },
  dismiss(): void {
    if (!job) update(() => IDLE);
  },
};
