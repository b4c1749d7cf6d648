import {
  CsvExportOutcomeSchema,
  CsvExportProgressSchema,
  type CsvExportProgress,
  type DesktopExportApi,
} from '../../shared/csvExport.js';
import {
  IPC_EXPORT_CANCEL_CHANNEL,
  IPC_EXPORT_CSV_CHANNEL,
  IPC_EXPORT_PROGRESS_CHANNEL,
} from '../../shared/wire.js';
import type { PreloadIpc } from './preloadApi.js';

/**
 * The desktop-only export the preload exposes as `window.watchkeeperDesktop`: the page asks for
 * an export and the main process shows the save dialog and writes the file (exportIpc.ts).
 * Answers and progress are parsed here before the page sees them; the raw IPC event never is.
 */
export function createDesktopExportApi(ipc: PreloadIpc): DesktopExportApi {
  const listeners = new Set<(progress: CsvExportProgress) => void>();
  ipc.on(IPC_EXPORT_PROGRESS_CHANNEL, (_event, payload) => {
    const progress = CsvExportProgressSchema.safeParse(payload);
    if (progress.success) for (const listener of listeners) listener(progress.data);
  });
  return Object.freeze({
    async exportCsv(job) {
      const outcome = CsvExportOutcomeSchema.safeParse(await ipc.invoke(IPC_EXPORT_CSV_CHANNEL, job));
      if (outcome.success) return outcome.data;
      return { status: 'failed', error: { code: 'INTERNAL', message: 'malformed answer to a CSV export' } };
    },
    cancelExport(id) {
      void ipc.invoke(IPC_EXPORT_CANCEL_CHANNEL, id);
    },
    onExportProgress(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  } satisfies DesktopExportApi);
}
