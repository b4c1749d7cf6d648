import type { Aggregate } from '../../shared/domain.js';
import { qualityName } from '../../shared/quality.js';
import type { ExportPage } from '../historian/types.js';

/**
 * The CSV text of an export: RFC 4180 with CRLF line ends, timestamps ISO 8601 UTC. Raw exports
 * have one row per sample; exports at a resolution one row per interval per tag, the interval
 * named by its start, with one column per aggregate and the interval's worst quality.
 */

/**
 * A text a spreadsheet would run as a formula: one starting with `=`, `+`, `@`, a tab or a
 * carriage return, or with `-` not followed by a number (`-5 °C` stays a text as it is).
 */
const FORMULA_START = /^(?:[=+@\t\r]|-(?![\d.]))/;

/**
 * RFC 4180: quote a field that holds a comma, quote or line break; double inner quotes. A text
 * that would start a formula (an operator's comment `=HYPERLINK(…)`, a device's text) gets a
 * leading `'`, as OWASP advises for CSV injection, so opening an export never runs anything.
 */
export function csvField(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const RAW_HEADER = 'timestamp,tag,value,quality,quality_code\r\n';

export function aggregateHeader(aggregates: readonly Aggregate[]): string {
  return `timestamp,tag,${aggregates.join(',')},quality,quality_code\r\n`;
}

/** A number as a cell: empty for "no value" (null, or NaN as the historian's columns carry it). */
export function numberCell(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '' : String(value);
}

/**
 * The raw rows of one export window as CSV text (a string tag's event has its text as the value);
 * `ids` maps tag keys to CSV-ready tag ids. Rows
 * of many tags share each timestamp and a few qualities, so their text is made once per window.
 */
export function rawRows(page: ExportPage, ids: ReadonlyMap<number, string>): string {
  const qualityCells = new Map<number, string>();
  let lastTs = NaN;
  let time = '';
  let text = '';
  for (let i = 0; i < page.count; i++) {
    const ts = page.ts[i]!;
    if (ts !== lastTs) [lastTs, time] = [ts, new Date(ts).toISOString()];
    const quality = page.qualities[i]!;
    let cells = qualityCells.get(quality);
    if (cells === undefined) qualityCells.set(quality, (cells = `${qualityName(quality)},${quality}`));
    const event = page.texts?.[i];
    const value = event === undefined || event === null ? numberCell(page.values[i]!) : csvField(event);
    text += `${time},${ids.get(page.tagKeys[i]!)},${value},${cells}\r\n`;
  }
  return text;
}

/** `quality` null: nothing was known during the interval, so no quality is claimed either. */
export function aggregateRow(start: number, tag: string, values: readonly string[], quality: number | null) {
  const qualityCells = quality === null ? ',' : `${qualityName(quality)},${quality}`;
  return `${new Date(start).toISOString()},${tag},${values.join(',')},${qualityCells}\r\n`;
}
