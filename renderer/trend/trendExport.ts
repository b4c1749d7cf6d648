import type { TagId } from '../../shared/domain.js';
import { formatDateTime } from '../format/time.js';
import type { PenSpec } from './penStyle.js';
import { formatSpan, type TimeRange } from './timeRange.js';

/**
 * What an export is called and says: the CSV link the server streams, and the title drawn above
 * an exported PNG so the picture still says what it shows once it is pasted into a report.
 */

/** The server's streaming CSV export of these pens over this range (see electron/server/httpApi.ts). */
export function csvExportHref(pens: readonly TagId[], range: TimeRange): string {
  const tags = pens.map((id) => encodeURIComponent(id)).join(',');
  const from = new Date(range.from).toISOString();
  const to = new Date(range.to).toISOString();
  return `/api/export/history.csv?tags=${tags}&from=${from}&to=${to}`;
}

/** `2026-01-31 14:05:09 → 2026-01-31 15:05:09 (1 h)`: a range as a title states it. */
export function describeRange(range: TimeRange): string {
  return `${formatDateTime(range.from)} → ${formatDateTime(range.to)} (${formatSpan(range.to - range.from)})`;
}

/** One run of title text in one colour. */
export interface TitleRun {
  text: string;
  colour: string;
}

const INK = '#1b1b1b';

/**
 * The PNG's title: the range on the first line, then each pen in its own colour, numbered as in
 * the legend (P1…P8) so the picture does not depend on colour alone.
 */
export function exportTitle(
  specs: readonly PenSpec[],
  range: TimeRange,
  live: boolean,
): { heading: TitleRun; pens: TitleRun[] } {
  return {
    heading: { text: `Watchkeeper trend${live ? ' (live)' : ''}  ${describeRange(range)}`, colour: INK },
    pens: specs.map((spec) => ({
      text: `P${spec.number} ${spec.id}${spec.unit ? ` [${spec.unit}]` : ''}`,
      colour: spec.colour,
    })),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

function stamp(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

/** `trend-20260131-1405_20260131-1505.png`: sortable, local time, safe on every file system. */
export function exportFileName(range: TimeRange, extension: string): string {
  return `trend-${stamp(range.from)}_${stamp(range.to)}.${extension}`;
}
