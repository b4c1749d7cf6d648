import { DEFAULT_CSV_AGGREGATES } from '../../shared/csvExport.js';
import type { Aggregate, AggregateSeries } from '../../shared/domain.js';
import { aggregateHeader, aggregateRow, csvField, numberCell } from './csvFormat.js';
import type {
  ChunkWriter,
  CsvExportPlan,
  CsvExportSource,
  CsvStreamProgress,
  CsvStreamResult,
} from './csvStream.js';

/** Samples the worker may scan for one window, over all tags: bounds each call's duration. */
const WINDOW_SAMPLES = 200_000;
/** Rows one window may write: bounds the text held in memory at once. */
const WINDOW_ROWS = 20_000;

/**
 * One row per interval per tag: the historian's aggregates (aggregates.ts) over windows of whole
 * intervals, so every interval is computed exactly as one query over the whole range would,
 * value held into it included. Rows are in time order, tags in the order asked. Each window's
 * interval count follows the sample density of the previous one (its `count`s).
 */
export async function streamAggregateCsv(
  source: CsvExportSource,
  plan: CsvExportPlan & { resolution: number },
  out: ChunkWriter,
  onProgress?: (progress: CsvStreamProgress) => void,
): Promise<CsvStreamResult> {
  const { resolution } = plan;
  const columns = plan.aggregates ?? DEFAULT_CSV_AGGREGATES;
  // count and pctGood tell an empty interval from one with data, and the density of the next window.
  const wanted = [...new Set<Aggregate>([...columns, 'count', 'pctGood'])];
  const tags = plan.tags.map((tag) => ({ ...tag, cell: csvField(tag.id) }));
  const maxIntervals = Math.max(1, Math.floor(WINDOW_ROWS / tags.length));
  // First guess: one sample per tag per second.
  let intervals = fit(WINDOW_SAMPLES / (tags.length * Math.max(1, resolution / 1000)), maxIntervals);
  let rows = 0;
  let cursor = plan.from;
  await out.write(aggregateHeader(columns));
  while (cursor <= plan.to && !out.stopped()) {
    const end = Math.min(plan.to, cursor + intervals * resolution - 1);
    const window: AggregateSeries[] = [];
    for (const tag of tags) {
      window.push(
        await source.aggregates({
          key: tag.key,
          tag: tag.id,
          from: cursor,
          to: end,
          interval: resolution,
          aggregates: wanted,
        }),
      );
      if (out.stopped()) return { rows, complete: false };
    }
    let chunk = '';
    let samples = 0;
    const starts = window[0]?.start ?? [];
    for (let i = 0; i < starts.length; i++) {
      window.forEach((series, t) => {
        const count = series.values.count?.[i] ?? 0;
        samples += count;
        // Nothing recorded and no value held into the interval: no quality to claim either.
        const known = count > 0 || (series.values.pctGood?.[i] ?? null) !== null;
        const values = columns.map((aggregate) => numberCell(series.values[aggregate]?.[i]));
        chunk += aggregateRow(starts[i]!, tags[t]!.cell, values, known ? series.quality[i]! : null);
      });
    }
    await out.write(chunk);
    rows += starts.length * tags.length;
    cursor = end + 1;
    onProgress?.({ rows, through: end });
    const estimate = samples === 0 ? Infinity : (intervals * WINDOW_SAMPLES) / samples;
    intervals = fit(Math.min(estimate, intervals * 4), maxIntervals);
  }
  return { rows, complete: cursor > plan.to && !out.stopped() };
}

const fit = (intervals: number, max: number) => Math.max(1, Math.min(max, Math.floor(intervals)));
