import type { AlarmKpiReport } from '../../shared/alarms.js';
import type { DesktopCsvExportJob } from '../../shared/csvExport.js';
import type { ApiErrorData } from '../../shared/errors.js';
import { errorMessage } from '../platform/logger.js';
import { alarmJournalFileName, streamAlarmJournalCsv, type AlarmCsvSource } from './alarmJournalCsv.js';
import { alarmKpiCsv, alarmKpiFileName } from './alarmKpiCsv.js';
import { chunkWriter, streamCsv, type CsvExportSource } from './csvStream.js';
import { csvFileName, fractionDone, planCsvExport } from './exportPlan.js';
import type { CsvWriter } from './fileExport.js';

/** What the alarm exports read: the journal's CSV pages and the report, from config.db's worker. */
export interface AlarmExportSource extends AlarmCsvSource {
  alarmKpiReport(from: number, to: number): Promise<AlarmKpiReport>;
}

export interface DesktopJobSources {
  history: CsvExportSource;
  tagKey(id: string): number | undefined;
  alarms: AlarmExportSource;
}

/** One desktop export, ready to write: the name the save dialog suggests, progress, the rows. */
export interface FileJob {
  fileName: string;
  /** Share done once every row up to `through` (epoch ms) is written. */
  fraction(through: number): number;
  write: CsvWriter;
}

type Planned = { ok: true; job: FileJob } | { ok: false; error: ApiErrorData };

/**
 * Turns a parsed desktop export into the job that writes it: history through the historian's
 * streaming writer, the alarm journal through the journal's (oldest first, progress from the
 * time column, as `/api/export/alarms.csv`), the performance report as the same CSV as
 * `/api/reports/alarm-kpi.csv`, computed before the save dialog opens.
 */
export async function planDesktopJob(job: DesktopCsvExportJob, sources: DesktopJobSources): Promise<Planned> {
  if (job.request) {
    const planned = planCsvExport(job.request, sources.tagKey);
    if (!planned.ok) return planned;
    const { plan } = planned;
    return {
      ok: true,
      job: {
        fileName: csvFileName(plan),
        fraction: (through) => fractionDone(plan, through),
        write: (out, options) => streamCsv(sources.history, plan, out, options),
      },
    };
  }
  if (job.alarmJournal) {
    const filter = job.alarmJournal;
    const span = Math.max(1, filter.to - filter.from);
    return {
      ok: true,
      job: {
        fileName: alarmJournalFileName(filter),
        fraction: (through) => Math.min(1, Math.max(0, (through - filter.from) / span)),
        write: (out, options) => streamAlarmJournalCsv(sources.alarms, filter, out, options),
      },
    };
  }
  const period = job.alarmKpi!;
  let report: AlarmKpiReport;
  try {
    report = await sources.alarms.alarmKpiReport(period.from, period.to);
  } catch (error) {
    return {
      ok: false,
      error: { code: 'UNAVAILABLE', message: `the report could not be made: ${errorMessage(error)}` },
    };
  }
  return {
    ok: true,
    job: {
      fileName: alarmKpiFileName(report),
      fraction: () => 1,
      async write(out, options) {
        const writer = chunkWriter(out, options.signal);
        const text = alarmKpiCsv(report);
        await writer.write(text);
        const rows = text.split('\r\n').length - 1;
        options.onProgress?.({ rows, through: report.to });
        return { rows, complete: !writer.stopped() };
      },
    },
  };
}
