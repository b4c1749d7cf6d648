import { z } from 'zod';
import { AlarmJournalFilterSchema } from './alarms.js';
import { MAX_KPI_SPAN_MS } from './contract.js';
import { AggregateSchema, EpochMsSchema, TagIdSchema, type Aggregate } from './domain.js';
import { ApiErrorSchema } from './errors.js';

/**
 * A CSV export of history, however it is asked for: the HTTP query string
 * (`/api/export/history.csv`, see httpQuery.ts) and the desktop app's save dialog (IPC, see
 * wire.ts) both end in this one parsed request, so both are validated the same way.
 */

/** Columns written at a resolution when the request names none. */
export const DEFAULT_CSV_AGGREGATES: readonly Aggregate[] = ['avg', 'min', 'max', 'last', 'count', 'pctGood'];

/**
 * Most intervals per tag one export may hold. Rows stream in constant memory, so this is no
 * memory bound: it stops a mistyped resolution (1 ms over a year) from running for hours.
 */
export const MAX_CSV_INTERVALS = 10_000_000;

export const CsvExportRequestSchema = z
  .object({
    tags: z.array(TagIdSchema).min(1).max(1000),
    from: EpochMsSchema,
    to: EpochMsSchema,
    /** Interval length in ms: one row per interval per tag instead of one per sample. */
    resolution: z.number().int().min(1).optional(),
    /** The aggregates written per interval, in this order (default DEFAULT_CSV_AGGREGATES). */
    aggregates: z
      .array(AggregateSchema)
      .min(1)
      .max(AggregateSchema.options.length)
      .transform((list) => [...new Set(list)])
      .optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => q.aggregates === undefined || q.resolution !== undefined, {
    message: 'aggregates need a resolution (e.g. resolution=1m)',
    path: ['resolution'],
  })
  .refine((q) => q.resolution === undefined || (q.to - q.from) / q.resolution <= MAX_CSV_INTERVALS, {
    message: `at most ${MAX_CSV_INTERVALS.toLocaleString('en')} intervals per tag: choose a longer resolution`,
    path: ['resolution'],
  });
export type CsvExportRequest = z.output<typeof CsvExportRequestSchema>;
export type CsvExportRequestInput = z.input<typeof CsvExportRequestSchema>;

/** The period of an alarm performance report to export. */
export const AlarmKpiExportSchema = z
  .object({ from: EpochMsSchema, to: EpochMsSchema })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => q.to - q.from <= MAX_KPI_SPAN_MS, {
    message: 'a report covers at most 400 days',
    path: ['to'],
  });

const JobId = z.string().min(1).max(64);

/**
 * The desktop export: a request the renderer names, so it can follow and cancel it — history
 * (`request`), the alarm journal under a filter (`alarmJournal`) or an alarm performance report
 * (`alarmKpi`), the desktop's counterparts of `/api/export/history.csv`, `/api/export/alarms.csv`
 * and `/api/reports/alarm-kpi.csv`.
 */
export const DesktopCsvExportSchema = z
  .object({
    id: JobId,
    request: CsvExportRequestSchema.optional(),
    alarmJournal: AlarmJournalFilterSchema.optional(),
    alarmKpi: AlarmKpiExportSchema.optional(),
  })
  .strict()
  .refine(
    (job) => [job.request, job.alarmJournal, job.alarmKpi].filter((x) => x !== undefined).length === 1,
    {
      message: 'name what to export: a history request, an alarm journal filter or a report period',
      path: ['request'],
    },
  );
export type DesktopCsvExport = z.input<typeof DesktopCsvExportSchema>;
export type DesktopCsvExportJob = z.output<typeof DesktopCsvExportSchema>;

/** How far an export has come: rows written, and the share of the time range covered (0…1). */
export const CsvExportProgressSchema = z.object({
  id: z.string(),
  rows: z.number().int().min(0),
  fraction: z.number().min(0).max(1),
});
export type CsvExportProgress = z.infer<typeof CsvExportProgressSchema>;

/** How an export ended. A cancelled or failed export leaves no file behind. */
export const CsvExportOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), rows: z.number().int().min(0), file: z.string() }),
  z.object({ status: z.literal('cancelled'), rows: z.number().int().min(0) }),
  z.object({ status: z.literal('failed'), error: ApiErrorSchema }),
]);
export type CsvExportOutcome = z.infer<typeof CsvExportOutcomeSchema>;

/** What the desktop preload offers the page besides the contract (window.watchkeeperDesktop). */
export interface DesktopExportApi {
  /** Asks where to save (the system's save dialog), then writes the CSV there. */
  exportCsv(job: DesktopCsvExport): Promise<CsvExportOutcome>;
  cancelExport(id: string): void;
  onExportProgress(listener: (progress: CsvExportProgress) => void): () => void;
}
