import { app, BrowserWindow, dialog, ipcMain, type SaveDialogOptions } from 'electron';
import { join } from 'node:path';
import type { CsvExportOutcome } from '../../shared/csvExport.js';
import {
  IPC_EXPORT_CANCEL_CHANNEL,
  IPC_EXPORT_CSV_CHANNEL,
  IPC_EXPORT_PROGRESS_CHANNEL,
} from '../../shared/wire.js';
import type { CsvExportJobs } from '../export/exportJobs.js';
import { isAppUrl } from './windowOptions.js';

const FORBIDDEN: CsvExportOutcome = {
  status: 'failed',
  error: { code: 'FORBIDDEN', message: 'exports are accepted only from the app itself' },
};

/**
 * The desktop CSV export's IPC: only the save dialog lives here; parsing, writing, progress and
 * cancel are CsvExportJobs' (plain Node, tested without Electron).
 */
export function registerExportIpc(jobs: CsvExportJobs): () => void {
  ipcMain.handle(IPC_EXPORT_CSV_CHANNEL, async (event, job: unknown): Promise<CsvExportOutcome> => {
    if (!isAppUrl(event.senderFrame?.url)) return FORBIDDEN;
    const contents = event.sender;
    return jobs.run(job, {
      async chooseFile(suggestedName) {
        const options: SaveDialogOptions = {
          title: 'Export CSV',
          defaultPath: join(app.getPath('documents'), suggestedName),
          filters: [{ name: 'CSV', extensions: ['csv'] }],
        };
        const owner = BrowserWindow.fromWebContents(contents);
        const choice = owner
          ? await dialog.showSaveDialog(owner, options)
          : await dialog.showSaveDialog(options);
        return choice.canceled || !choice.filePath ? null : choice.filePath;
      },
      progress(progress) {
        if (!contents.isDestroyed()) contents.send(IPC_EXPORT_PROGRESS_CHANNEL, progress);
      },
    });
  });
  ipcMain.handle(
    IPC_EXPORT_CANCEL_CHANNEL,
    (event, id: unknown) => isAppUrl(event.senderFrame?.url) && jobs.cancel(id),
  );
  return () => {
    ipcMain.removeHandler(IPC_EXPORT_CSV_CHANNEL);
    ipcMain.removeHandler(IPC_EXPORT_CANCEL_CHANNEL);
  };
}
