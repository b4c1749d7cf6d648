import { csvField, RAW_HEADER, rawRow } from './csvFormat.js';
import type {
  ChunkWriter,
  CsvExportPlan,
  CsvExportSource,
  CsvStreamProgress,
  CsvStreamResult,
} from './csvStream.js';

const PAGE_ROWS = 20_000;
/** Windows grow at most fourfold per step and to a day, so a dense stretch cannot flood memory. */
const MAX_WINDOW_MS = 86_400_000;

/**
 * One row per sample, in time order (ties by tag key). Each window is sized from the density of
 * the previous one to hold about PAGE_ROWS rows.
 */
export async function streamRawCsv(
  source: CsvExportSource,
  plan: CsvExportPlan,
  out: ChunkWriter,
  onProgress?: (progress: CsvStreamProgress) => void,
): Promise<CsvStreamResult> {
  const idByKey = new Map(plan.tags.map((tag) => [tag.key, csvField(tag.id)]));
  const keys = [...idByKey.keys()];
  // First guess: one sample per tag per second.
  let windowMs = Math.max(1, Math.floor((PAGE_ROWS / Math.max(1, keys.length)) * 1000));
  let rows = 0;
  let cursor = plan.from;
  await out.write(RAW_HEADER);
  while (cursor <= plan.to && !out.stopped()) {
    const end = Math.min(plan.to, cursor + windowMs - 1);
    const page = await source.exportPage({ keys, from: cursor, to: end });
    if (out.stopped()) break;
    let chunk = '';
    for (let i = 0; i < page.count; i++)
      chunk += rawRow(page.ts[i]!, idByKey.get(page.tagKeys[i]!)!, page.values[i]!, page.qualities[i]!);
    await out.write(chunk);
    rows += page.count;
    cursor = end + 1;
    onProgress?.({ rows, through: end });
    const estimate = page.count === 0 ? Infinity : Math.round((windowMs * PAGE_ROWS) / page.count);
    windowMs = Math.max(1, Math.min(estimate, windowMs * 4, MAX_WINDOW_MS));
  }
  return { rows, complete: cursor > plan.to && !out.stopped() };
}
