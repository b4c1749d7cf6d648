import type { TagId } from '../../shared/domain.js';
import { formatDateTime } from '../format/time.js';
import type { PenSpec } from './penStyle.js';
import { formatSpan, type TimeRange } from './timeRange.js';

/**
 * What an export is called and says: the CSV link the server streams, and the title drawn above
 * an exported PNG so the picture still says what it shows once it is pasted into a report.
 */

/**
 * The server's streaming CSV export of these pens over this range (see electron/server/csvExport.ts);
 * with a resolution in ms, one row per interval per pen.
 */
export function csvExportHref(pens: readonly TagId[], range: TimeRange, resolution?: number): string {
  const tags = pens.map((id) => encodeURIComponent(id)).join(',');
  const from = new Date(range.from).toISOString();
  const to = new Date(range.to).toISOString();
  return `/api/export/history.csv?tags=${tags}&from=${from}&to=${to}${resolution ? `&resolution=${resolution}` : ''}`;
}

/** Interval lengths a person reads at a glance, from 1 ms to 30 days. */
const NICE_STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
  600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
  172_800_000, 604_800_000, 1_209_600_000, 2_592_000_000,
];

/**
 * The chart's resolution as an export interval: the span of one pixel column (what an M4 chart
 * draws per column), rounded up to a readable step so rows fall on plain times.
 */
export function chartResolutionMs(range: TimeRange, widthPx: number): number {
  const perColumn = (range.to - range.from) / Math.max(1, Math.floor(widthPx));
  const step = NICE_STEPS_MS.find((ms) => ms >= perColumn);
  return step ?? Math.ceil(perColumn / 86_400_000) * 86_400_000;
}

/**
 * The range an export at `resolution` covers: its start moved back to a whole interval (since
 * the epoch, so a 1 h interval starts on the hour in UTC), its end kept.
 */
export function alignToResolution(range: TimeRange, resolution: number): TimeRange {
  return { from: Math.floor(range.from / resolution) * resolution, to: range.to };
}

/** `500 ms`, `30 s`, `15 min`, `6 h`, `7 d`: an interval as a menu states it. */
export function formatInterval(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ];
  const unit = units.find(([size]) => ms >= size && ms % size === 0);
  return unit ? `${ms / unit[0]} ${unit[1]}` : `${ms} ms`;
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
