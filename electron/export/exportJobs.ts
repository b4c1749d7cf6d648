import { basename } from 'node:path';
import {
  DesktopCsvExportSchema,
  type DesktopCsvExportJob,
  type CsvExportOutcome,
  type CsvExportProgress,
} from '../../shared/csvExport.js';
import { describeZodError, type ErrorCode } from '../../shared/errors.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import type { CsvExportSource } from './csvStream.js';
import { planDesktopJob, type AlarmExportSource, type FileJob } from './desktopJobs.js';
import { writeCsvFile } from './fileExport.js';

/** Progress reaches the page at most this often, like every other high-rate stream. */
const PROGRESS_EVERY_MS = 100;

export interface CsvExportJobsDeps {
  source: CsvExportSource;
  tagKey(id: string): number | undefined;
  /** The alarm journal and performance report (config.db). */
  alarms: AlarmExportSource;
  log: Logger;
}

/** What one export needs from the shell: the save dialog and a way to report progress. */
export interface ExportJobIo {
  /** The system's save dialog, opened on this file name; null when the user closes it. */
  chooseFile(suggestedName: string): Promise<string | null>;
  progress(progress: CsvExportProgress): void;
}

/**
 * The desktop app's CSV exports (history, the alarm journal, the alarm performance report), free
 * of Electron so they run under Node in tests: each request is parsed (the main process trusts
 * nobody), its file chosen through the save dialog, then written by the same streaming writer as
 * the HTTP export. Cancel stops an export by its id and deletes what it had written.
 */
export class CsvExportJobs {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();

  constructor(private readonly deps: CsvExportJobsDeps) {}

  run(job: unknown, io: ExportJobIo): Promise<CsvExportOutcome> {
    const parsed = DesktopCsvExportSchema.safeParse(job);
    if (!parsed.success) return Promise.resolve(failed('BAD_REQUEST', describeZodError(parsed.error)));
    const { id } = parsed.data;
    if (this.running.has(id))
      return Promise.resolve(failed('BAD_REQUEST', `export ${id} is already running`));
    const controller = new AbortController();
    const done = this.plan(parsed.data)
      .then((planned) =>
        planned.ok
          ? this.export(id, planned.job, controller.signal, io)
          : { status: 'failed' as const, error: planned.error },
      )
      .finally(() => this.running.delete(id));
    this.running.set(id, { controller, done });
    return done;
  }

  /** Cancels a running export; false when there is none by that id. */
  cancel(id: unknown): boolean {
    const job = typeof id === 'string' ? this.running.get(id) : undefined;
    job?.controller.abort();
    return job !== undefined;
  }

  /** Cancels every export and waits until their partial files are gone (on quit). */
  async stop(): Promise<void> {
    const jobs = [...this.running.values()];
    for (const job of jobs) job.controller.abort();
    await Promise.allSettled(jobs.map((job) => job.done));
  }

  private plan(job: DesktopCsvExportJob) {
    const { source, tagKey, alarms } = this.deps;
    return planDesktopJob(job, { history: source, tagKey, alarms });
  }

  private async export(
    id: string,
    job: FileJob,
    signal: AbortSignal,
    io: ExportJobIo,
  ): Promise<CsvExportOutcome> {
    const path = await io.chooseFile(job.fileName);
    if (path === null || signal.aborted) return { status: 'cancelled', rows: 0 };
    let reportedAt = 0;
    try {
      const result = await writeCsvFile(path, job.write, {
        signal,
        onProgress: ({ rows, through }) => {
          if (Date.now() - reportedAt < PROGRESS_EVERY_MS) return;
          reportedAt = Date.now();
          io.progress({ id, rows, fraction: job.fraction(through) });
        },
      });
      if (!result.complete) {
        this.deps.log.info(`CSV export to ${path} cancelled after ${result.rows} rows; nothing kept`);
        return { status: 'cancelled', rows: result.rows };
      }
      io.progress({ id, rows: result.rows, fraction: 1 });
      this.deps.log.info(`CSV export: ${result.rows} rows to ${path}`);
      return { status: 'saved', rows: result.rows, file: basename(path) };
    } catch (error) {
      this.deps.log.error(`CSV export to ${path} failed: ${errorMessage(error)}`);
      return failed('INTERNAL', `the CSV could not be written: ${errorMessage(error)}`);
    }
  }
}

function failed(code: ErrorCode, message: string): CsvExportOutcome {
  return { status: 'failed', error: { code, message } };
}
