import type { Writable } from 'node:stream';
import type { AlarmJournalFilter } from '../../shared/alarms.js';
import { ALARM_CSV_HEADER } from './alarmCsvFormat.js';
import { chunkWriter, type CsvStreamOptions, type CsvStreamResult } from './csvStream.js';

/** Where a page ends: the next page starts after this line (time, then seq). */
export interface AlarmCsvCursor {
  ts: number;
  seq: number;
}

export interface AlarmCsvPageQuery {
  filter: AlarmJournalFilter;
  after: AlarmCsvCursor | null;
  limit: number;
}

export interface AlarmCsvPage {
  /** Rows in `text` (lines that no longer parse are left out, and reported by the worker). */
  count: number;
  text: string;
  /** Null when this was the last page. */
  next: AlarmCsvCursor | null;
}

/** What the export reads: pages of journal lines as CSV, formatted in config.db's worker. */
export interface AlarmCsvSource {
  alarmJournalCsv(query: AlarmCsvPageQuery): Promise<AlarmCsvPage>;
}

/** Lines per page: a few hundred kB of text, so memory stays flat whatever the journal holds. */
export const ALARM_CSV_PAGE = 2_000;

/**
 * Streams the journal lines a filter matches as CSV, oldest first, page by page from the config
 * worker into any Node writable, waiting for it to drain between pages (backpressure) — the trend
 * export's rules (csvStream.ts). Progress is the time of the last line written; a cancelled
 * export or a destination that closes stops at the next page.
 */
export async function streamAlarmJournalCsv(
  source: AlarmCsvSource,
  filter: AlarmJournalFilter,
  out: Writable,
  options: CsvStreamOptions = {},
): Promise<CsvStreamResult> {
  const writer = chunkWriter(out, options.signal);
  let rows = 0;
  let after: AlarmCsvCursor | null = null;
  await writer.write(ALARM_CSV_HEADER);
  while (!writer.stopped()) {
    const page = await source.alarmJournalCsv({ filter, after, limit: ALARM_CSV_PAGE });
    if (writer.stopped()) break;
    await writer.write(page.text);
    rows += page.count;
    if (page.next === null) {
      options.onProgress?.({ rows, through: filter.to });
      return { rows, complete: !writer.stopped() };
    }
    after = page.next;
    options.onProgress?.({ rows, through: page.next.ts });
  }
  return { rows, complete: false };
}

/** `alarm-journal-2026-01-31.csv`, named after the UTC day the range starts. */
export function alarmJournalFileName(filter: Pick<AlarmJournalFilter, 'from'>): string {
  return `alarm-journal-${new Date(filter.from).toISOString().slice(0, 10)}.csv`;
}
