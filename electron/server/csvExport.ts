import type { Writable } from 'node:stream';
import { qualityName } from '../../shared/quality.js';
import type { ExportPageQuery, SampleColumns } from '../historian/types.js';

const PAGE_ROWS = 20_000;
/** Windows grow at most fourfold per step and to a day, so a dense stretch cannot flood memory. */
const MAX_WINDOW_MS = 86_400_000;

/** RFC 4180: quote a field that holds a comma, quote or line break; double inner quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvExportSource {
  exportPage(query: ExportPageQuery): Promise<SampleColumns>;
}

/**
 * Streams samples of several tags as CSV in time order, window by window from the historian
 * worker, waiting for the socket to drain in between. Each window is sized from the density of
 * the previous one to hold about PAGE_ROWS rows, so memory stays flat whatever the row count;
 * a client that goes away stops the export at the next window.
 */
export async function streamHistoryCsv(
  source: CsvExportSource,
  tags: { key: number; id: string }[],
  range: { from: number; to: number },
  out: Writable,
): Promise<number> {
  const idByKey = new Map(tags.map((tag) => [tag.key, csvField(tag.id)]));
  const keys = [...idByKey.keys()];
  // First guess: one sample per tag per second.
  let windowMs = Math.max(1, Math.floor((PAGE_ROWS / Math.max(1, keys.length)) * 1000));
  let rows = 0;
  out.write('timestamp,tag,value,quality,quality_code\r\n');
  for (let cursor = range.from; cursor <= range.to && !out.destroyed;) {
    const end = Math.min(range.to, cursor + windowMs - 1);
    const page = await source.exportPage({ keys, from: cursor, to: end });
    let chunk = '';
    for (let i = 0; i < page.count; i++) {
      const value = page.values[i]!;
      const quality = page.qualities[i]!;
      chunk += `${new Date(page.ts[i]!).toISOString()},${idByKey.get(page.tagKeys[i]!)},${Number.isNaN(value) ? '' : value},${qualityName(quality)},${quality}\r\n`;
    }
    rows += page.count;
    if (chunk && !out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    cursor = end + 1;
    const estimate = page.count === 0 ? Infinity : Math.round((windowMs * PAGE_ROWS) / page.count);
    windowMs = Math.max(1, Math.min(estimate, windowMs * 4, MAX_WINDOW_MS));
  }
  return rows;
}
