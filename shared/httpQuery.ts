import { z } from 'zod';
import { AlarmPrioritySchema } from './alarmDefinitions.js';
import { AlarmJournalFilterSchema, AlarmJournalStateSchema, AlarmTriggerSchema } from './alarms.js';
import { MAX_EVENTS, MAX_INTERVALS, MAX_JOURNAL_LINES, MAX_KPI_SPAN_MS, MAX_POINTS } from './contract.js';
import { CsvExportRequestSchema } from './csvExport.js';
import { AggregateSchema, EventOrderSchema, TagIdSchema } from './domain.js';

/**
 * Query-string schemas of the HTTP read API. Everything arrives as strings; these coerce and
 * bound them so that handlers receive the same parsed types as contract calls do.
 */

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A time as epoch milliseconds (`1767225600000`) or ISO 8601 (`2026-01-01T00:00:00Z`). */
export const TimeParamSchema = z
  .string()
  .trim()
  .min(1)
  .transform((text, ctx) => {
    const ms = /^-?\d+$/.test(text) ? Number(text) : ISO_8601.test(text) ? Date.parse(text) : NaN;
    if (!Number.isSafeInteger(ms) || ms < 0 || ms > 8.64e15) {
      ctx.addIssue({ code: 'custom', message: `"${text.slice(0, 40)}" is not an ISO 8601 time or epoch ms` });
      return z.NEVER;
    }
    return ms;
  });

const DURATION = /^(\d+)(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An interval as milliseconds (`60000`) or with a unit: `500ms`, `10s`, `1m`, `1h`, `1d`. */
export const DurationParamSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const match = DURATION.exec(text);
    const ms = match ? Number(match[1]) * UNIT_MS[match[2] ?? 'ms']! : NaN;
    if (!Number.isSafeInteger(ms) || ms < 1) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text.slice(0, 20)}" is not a duration like 60000, 10s, 1m, 1h or 1d`,
      });
      return z.NEVER;
    }
    return ms;
  });

const fromTo = <T extends { from: number; to: number }>(query: T) => query.from <= query.to;

/**
 * `/api/history`: raw or M4 points by default; with `resolution` and/or `aggregate`, one
 * aggregate per interval (default avg, default interval the span over maxPoints).
 */
export const HistoryQuerySchema = z
  .object({
    tag: TagIdSchema,
    from: TimeParamSchema,
    to: TimeParamSchema,
    maxPoints: z.coerce.number().int().min(4).max(MAX_POINTS).default(2000),
    resolution: DurationParamSchema.optional(),
    aggregate: AggregateSchema.optional(),
  })
  .refine(fromTo, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => q.resolution === undefined || (q.to - q.from) / q.resolution <= MAX_INTERVALS, {
    message: `at most ${MAX_INTERVALS} intervals: choose a longer resolution`,
    path: ['resolution'],
  });

/** `/api/events`: a string tag's events, newest first unless `order=oldest`. */
export const EventsQuerySchema = z
  .object({
    tag: TagIdSchema,
    from: TimeParamSchema,
    to: TimeParamSchema,
    limit: z.coerce.number().int().min(1).max(MAX_EVENTS).default(1000),
    order: EventOrderSchema.default('newest'),
  })
  .refine(fromTo, { message: 'from must not be after to', path: ['from'] });

/** A comma-separated list, e.g. `tags=a/b/c,a/b/d` or `aggregate=avg,max`. */
const commaList = z.string().transform((text) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);

/**
 * `/api/export/history.csv`: raw samples by default; with `resolution` (and optionally
 * `aggregate`, a list) one row per interval per tag. Parsed into the same request as the desktop
 * app's export, so both are bounded alike.
 */
export const CsvExportQuerySchema = z
  .object({
    tags: commaList,
    from: TimeParamSchema,
    to: TimeParamSchema,
    resolution: DurationParamSchema.optional(),
    aggregate: commaList.pipe(z.array(AggregateSchema).min(1)).optional(),
  })
  .transform(({ aggregate, ...query }) =>
    aggregate === undefined ? query : { ...query, aggregates: aggregate },
  )
  .pipe(CsvExportRequestSchema);

/** An optional text parameter: absent and empty (a form's blank field) both mean "any". */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((text) => (text === '' ? undefined : text));

/** An optional comma-separated list of enum values; empty means "any", like a blank field. */
const optionalList = <T extends z.ZodType<string, string>>(item: T, max: number) =>
  commaList
    .pipe(z.array(item).max(max))
    .optional()
    .transform((list) => (list?.length ? list : undefined));

/**
 * The alarm journal's filters as query parameters, shared by `/api/alarms/journal` and
 * `/api/export/alarms.csv`: `from`, `to` (ISO 8601 or epoch ms), `tag` (exact, a path, or a
 * `prefix*`), `area`, `priority`, `state` and `trigger` (comma lists), `user`, `text`. Unknown
 * parameters are refused: a misspelt filter would otherwise answer everything.
 */
const journalFilterParams = {
  from: TimeParamSchema,
  to: TimeParamSchema,
  tag: optionalText(256),
  area: optionalText(200),
  priority: optionalList(AlarmPrioritySchema, 4),
  state: optionalList(AlarmJournalStateSchema, 8),
  trigger: optionalList(AlarmTriggerSchema, 20),
  user: optionalText(200),
  text: optionalText(200),
};

/** Drops the filters a query left out, so the result parses with the contract's strict schema. */
function definedOnly<T extends object>(query: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const defined: { [K in keyof T]?: Exclude<T[K], undefined> } = {};
  for (const key of Object.keys(query) as Array<keyof T>) {
    const value = query[key];
    if (value !== undefined) defined[key] = value as Exclude<T[keyof T], undefined>;
  }
  return defined;
}

/** `/api/export/alarms.csv`: every matching journal line, oldest first. */
export const AlarmJournalCsvQuerySchema = z
  .strictObject(journalFilterParams)
  .transform(definedOnly)
  .pipe(AlarmJournalFilterSchema);

/** `/api/alarms/journal`: a page of matching lines, newest first; `beforeSeq` pages on. */
export const AlarmJournalQuerySchema = z
  .strictObject({
    ...journalFilterParams,
    limit: z.coerce.number().int().min(1).max(MAX_JOURNAL_LINES).default(500),
    beforeSeq: z.coerce.number().int().min(1).optional(),
  })
  .transform(({ limit, beforeSeq, ...filter }) =>
    definedOnly({ filter: definedOnly(filter), limit, beforeSeq }),
  )
  .pipe(
    z.object({
      filter: AlarmJournalFilterSchema,
      limit: z.number(),
      beforeSeq: z.number().optional(),
    }),
  );

/** `/api/reports/alarm-kpi` and its `.csv`: the report's period. */
export const AlarmKpiQuerySchema = z
  .strictObject({ from: TimeParamSchema, to: TimeParamSchema })
  .refine(fromTo, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => q.to - q.from <= MAX_KPI_SPAN_MS, {
    message: 'a report covers at most 400 days',
    path: ['to'],
  });
