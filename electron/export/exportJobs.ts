import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import type { AlarmJournalFilter, AlarmKpiReport } from '../../shared/alarms.js';
import {
  DesktopCsvExportSchema,
  type CsvExportOutcome,
  type CsvExportProgress,
} from '../../shared/csvExport.js';
import { describeZodError, type ErrorCode } from '../../shared/errors.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { alarmJournalFileName, streamAlarmJournalCsv, type AlarmCsvSource } from './alarmJournalCsv.js';
import { alarmKpiCsv, alarmKpiFileName } from './alarmKpiCsv.js';
import {
  chunkWriter,
  streamCsv,
  type CsvExportSource,
  type CsvStreamOptions,
  type CsvStreamResult,
} from './csvStream.js';
import { csvFileName, fractionDone, planCsvExport, type PlanResult } from './exportPlan.js';
import { streamToFile } from './fileExport.js';

/** Progress reaches the page at most this often, like every other high-rate stream. */
const PROGRESS_EVERY_MS = 100;

export interface CsvExportJobsDeps {
  source: CsvExportSource;
  /** The alarm journal's CSV pages (config.db). */
  alarmJournal: AlarmCsvSource;
  /** The alarm performance report (config.db's worker computes it). */
  alarmReports: { alarmKpiReport(from: number, to: number): Promise<AlarmKpiReport> };
  tagKey(id: string): number | undefined;
  log: Logger;
}

/** One export, whatever it exports: its file name, how far a time is, and its stream. */
interface ExportJob {
  fileName: string;
  fraction(through: number): number;
  stream(out: Writable, options: CsvStreamOptions): Promise<CsvStreamResult>;
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
 * nobody), its file chosen through the save dialog, then written by the same writer as the HTTP
 * export. Cancel stops an export by its id and deletes what it had written.
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
    const { request, alarmJournal, alarmKpi } = parsed.data;
    const planned = request
      ? this.historyJob(planCsvExport(request, this.deps.tagKey))
      : { ok: true as const, job: alarmJournal ? this.alarmJournalJob(alarmJournal) : null };
    if (!planned.ok) return Promise.resolve({ status: 'failed', error: planned.error });
    const controller = new AbortController();
    // A report is made before its save dialog opens, so that a failure is said before asking where.
    const prepared = planned.job ? Promise.resolve(planned.job) : this.alarmKpiJob(alarmKpi!);
    const done = prepared
      .then((job) => ('status' in job ? job : this.export(id, job, controller.signal, io)))
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

  private historyJob(planned: PlanResult) {
    if (!planned.ok) return planned;
    const { plan } = planned;
    const job: ExportJob = {
      fileName: csvFileName(plan),
      fraction: (through) => fractionDone(plan, through),
      stream: (out, options) => streamCsv(this.deps.source, plan, out, options),
    };
    return { ok: true as const, job };
  }

  private alarmJournalJob(filter: AlarmJournalFilter): ExportJob {
    return {
      fileName: alarmJournalFileName(filter),
      fraction: (through) => fractionDone(filter, through),
      stream: (out, options) => streamAlarmJournalCsv(this.deps.alarmJournal, filter, out, options),
    };
  }

  /** The performance report as the CSV of `/api/reports/alarm-kpi.csv`, or why it was not made. */
  private async alarmKpiJob(period: { from: number; to: number }): Promise<ExportJob | CsvExportOutcome> {
    let report: AlarmKpiReport;
    try {
      report = await this.deps.alarmReports.alarmKpiReport(period.from, period.to);
    } catch (error) {
      return failed('UNAVAILABLE', `the report could not be made: ${errorMessage(error)}`);
    }
    const text = alarmKpiCsv(report);
    const rows = text.split('\r\n').length - 1;
    return {
      fileName: alarmKpiFileName(report),
      fraction: () => 1,
      async stream(out, options) {
        const writer = chunkWriter(out, options.signal);
        await writer.write(text);
        options.onProgress?.({ rows, through: report.to });
        return { rows, complete: !writer.stopped() };
      },
    };
  }

  private async export(
    id: string,
    job: ExportJob,
    signal: AbortSignal,
    io: ExportJobIo,
  ): Promise<CsvExportOutcome> {
    const path = await io.chooseFile(job.fileName);
    if (path === null || signal.aborted) return { status: 'cancelled', rows: 0 };
    let reportedAt = 0;
    try {
      const options: CsvStreamOptions = {
        signal,
        onProgress: ({ rows, through }) => {
          if (Date.now() - reportedAt < PROGRESS_EVERY_MS) return;
          reportedAt = Date.now();
          io.progress({ id, rows, fraction: job.fraction(through) });
        },
      };
      const result = await streamToFile(path, options, job.stream);
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
