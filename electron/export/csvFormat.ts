import type { Aggregate } from '../../shared/domain.js';
import { qualityName } from '../../shared/quality.js';

/**
 * The CSV text of an export: RFC 4180 with CRLF line ends, timestamps ISO 8601 UTC. Raw exports
 * have one row per sample; exports at a resolution one row per interval per tag, the interval
 * named by its start, with one column per aggregate and the interval's worst quality.
 */

/** RFC 4180: quote a field that holds a comma, quote or line break; double inner quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const RAW_HEADER = 'timestamp,tag,value,quality,quality_code\r\n';

export function aggregateHeader(aggregates: readonly Aggregate[]): string {
  return `timestamp,tag,${aggregates.join(',')},quality,quality_code\r\n`;
}

/** A number as a cell: empty for "no value" (null, or NaN as the historian's columns carry it). */
export function numberCell(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '' : String(value);
}

export function rawRow(ts: number, tag: string, value: number, quality: number): string {
  return `${new Date(ts).toISOString()},${tag},${numberCell(value)},${qualityName(quality)},${quality}\r\n`;
}

/** `quality` null: nothing was known during the interval, so no quality is claimed either. */
export function aggregateRow(start: number, tag: string, values: readonly string[], quality: number | null) {
  const qualityCells = quality === null ? ',' : `${qualityName(quality)},${quality}`;
  return `${new Date(start).toISOString()},${tag},${values.join(',')},${qualityCells}\r\n`;
}
