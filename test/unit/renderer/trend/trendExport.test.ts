import { describe, expect, it } from 'vitest';
import type { PenSpec } from '../../../../renderer/trend/penStyle.js';
import {
  alignToResolution,
  chartResolutionMs,
  csvExportHref,
  describeRange,
  exportFileName,
  exportTitle,
  formatInterval,
} from '../../../../renderer/trend/trendExport.js';

const local = (h: number, mi: number) => new Date(2026, 0, 31, h, mi).getTime();
const RANGE = { from: local(14, 5), to: local(15, 5) };

const spec = (number: number, id: string, unit: string): PenSpec => ({
  id,
  number,
  colour: `#00000${number}`,
  unit,
  engLow: 0,
  engHigh: 100,
  isBoolean: false,
});

describe('trendExport', () => {
  it('links the CSV export to the pens and the visible range in ISO 8601', () => {
    const href = csvExportHref(['line1/pump3/flow', 'line1/pump3/running'], RANGE);
    expect(href).toBe(
      `/api/export/history.csv?tags=line1%2Fpump3%2Fflow,line1%2Fpump3%2Frunning` +
        `&from=${new Date(RANGE.from).toISOString()}&to=${new Date(RANGE.to).toISOString()}`,
    );
    const url = new URL(href, 'http://localhost');
    expect(url.searchParams.get('tags')).toBe('line1/pump3/flow,line1/pump3/running');
  });

  it('escapes tag ids that would break the query string', () => {
    const url = new URL(csvExportHref(['a/b/x&y=1'], RANGE), 'http://localhost');
    expect(url.searchParams.get('tags')).toBe('a/b/x&y=1');
  });

  it('states a range with its dates and span', () => {
    expect(describeRange(RANGE)).toBe('2026-01-31 14:05:00 → 2026-01-31 15:05:00 (1 h)');
  });

  it('titles the PNG with the range and every pen by number, unit and colour', () => {
    const title = exportTitle([spec(1, 'a/d/flow', 'm³/h'), spec(2, 'a/d/on', '')], RANGE, false);
    expect(title.heading.text).toBe(`Watchkeeper trend  ${describeRange(RANGE)}`);
    expect(title.pens).toEqual([
      { text: 'P1 a/d/flow [m³/h]', colour: '#000001' },
      { text: 'P2 a/d/on', colour: '#000002' },
    ]);
    expect(exportTitle([], RANGE, true).heading.text).toMatch(/^Watchkeeper trend \(live\)/);
  });

  it('names exported files by their range, sortable and safe on any disk', () => {
    expect(exportFileName(RANGE, 'png')).toBe('trend-20260131-1405_20260131-1505.png');
  });

  it('asks for one row per interval when given a resolution', () => {
    const href = csvExportHref(['a/b/c'], { from: 0, to: 3_600_000 }, 60_000);
    expect(new URL(href, 'http://localhost').searchParams.get('resolution')).toBe('60000');
    expect(new URL(csvExportHref(['a/b/c'], RANGE), 'http://localhost').searchParams.has('resolution')).toBe(
      false,
    );
  });

  it("takes the chart's resolution as one pixel column, rounded up to a readable interval", () => {
    const HOUR = 3_600_000;
    expect(chartResolutionMs({ from: 0, to: HOUR }, 1200)).toBe(5_000); // 3 s per column
    expect(chartResolutionMs({ from: 0, to: 365 * 24 * HOUR }, 1300)).toBe(12 * HOUR); // 6.7 h
    expect(chartResolutionMs({ from: 0, to: 60_000 }, 1300)).toBe(50);
    expect(chartResolutionMs({ from: 0, to: 10 * 365 * 24 * HOUR }, 100)).toBe(37 * 24 * HOUR);
    expect(chartResolutionMs({ from: 0, to: HOUR }, 0)).toBe(HOUR);
  });

  it('starts an export at a resolution on a whole interval and names intervals plainly', () => {
    expect(alignToResolution({ from: 90_500, to: 200_000 }, 60_000)).toEqual({ from: 60_000, to: 200_000 });
    expect([50, 1_000, 90_000, 900_000, 21_600_000, 604_800_000].map(formatInterval)).toEqual([
      '50 ms',
      '1 s',
      '90 s',
      '15 min',
      '6 h',
      '7 d',
    ]);
  });
});
