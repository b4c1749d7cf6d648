import type { Writable } from 'node:stream';
import { qualityName } from '../../shared/quality.js';
import type { ExportPageQuery, ExportRow } from '../historian/types.js';

const PAGE_ROWS = 20_000;

/** RFC 4180: quote a field that holds a comma, quote or line break; double inner quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvExportSource {
  exportPage(query: ExportPageQuery): Promise<ExportRow[]>;
}

/**
 * Streams samples of several tags as CSV in time order, page by page from the historian worker,
 * waiting for the socket to drain between pages. Memory stays at one page whatever the row
 * count; a client that goes away stops the export at the next page.
 */
export async function streamHistoryCsv(
  source: CsvExportSource,
  tags: { key: number; id: string }[],
  range: { from: number; to: number },
  out: Writable,
): Promise<number> {
  const idByKey = new Map(tags.map((tag) => [tag.key, csvField(tag.id)]));
  const after: Record<number, number> = {};
  let rows = 0;
  out.write('timestamp,tag,value,quality,quality_code\r\n');
  for (;;) {
    const page = await source.exportPage({ keys: [...idByKey.keys()], ...range, after, limit: PAGE_ROWS });
    if (page.length === 0 || out.destroyed) break;
    let chunk = '';
    for (const row of page) {
      after[row.key] = row.ts;
      chunk += `${new Date(row.ts).toISOString()},${idByKey.get(row.key)},${row.value ?? ''},${qualityName(row.quality)},${row.quality}\r\n`;
    }
    rows += page.length;
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    if (page.length < PAGE_ROWS) break;
  }
  return rows;
}
