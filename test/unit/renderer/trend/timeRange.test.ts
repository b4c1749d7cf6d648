import { describe, expect, it } from 'vitest';
import {
  formatSpan,
  HISTORY_PRESETS,
  MAX_QUERY_POINTS,
  maxPointsForWidth,
  MIN_SPAN_MS,
  panRange,
  presetRange,
  zoomRange,
} from '../../../../renderer/trend/timeRange.js';

const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);
const HOUR = 3_600_000;

describe('timeRange', () => {
  it('offers the presets operators ask for, from 15 minutes to a year', () => {
    expect(HISTORY_PRESETS.map((preset) => preset.label)).toEqual([
      '15 min',
      '1 h',
      '8 h',
      '24 h',
      '7 d',
      '30 d',
      '1 year',
    ]);
  });

  it('ends every preset now', () => {
    expect(presetRange('8h', NOW)).toEqual({ from: NOW - 8 * HOUR, to: NOW });
    expect(presetRange('1y', NOW)).toEqual({ from: NOW - 365 * 24 * HOUR, to: NOW });
  });

  it('pans half a window earlier, keeping the span', () => {
    expect(panRange({ from: NOW - 2 * HOUR, to: NOW }, -1, NOW)).toEqual({
      from: NOW - 3 * HOUR,
      to: NOW - HOUR,
    });
  });

  it('pans later only up to now', () => {
    const earlier = { from: NOW - 5 * HOUR, to: NOW - HOUR };
    expect(panRange(earlier, 1, NOW)).toEqual({ from: NOW - 4 * HOUR, to: NOW });
  });

  it('does not pan a range that already ends now any later', () => {
    const latest = { from: NOW - HOUR, to: NOW };
    expect(panRange(latest, 1, NOW)).toBe(latest);
  });

  it('does not pan before the start of epoch time', () => {
    expect(panRange({ from: 1_000, to: 5_000 }, -1, NOW)).toEqual({ from: 0, to: 4_000 });
  });

  it('zooms to a drag made in either direction', () => {
    expect(zoomRange(NOW - HOUR, NOW - 2 * HOUR, NOW)).toEqual({ from: NOW - 2 * HOUR, to: NOW - HOUR });
  });

  it('widens a tiny drag to a second about its centre', () => {
    const range = zoomRange(NOW - 10_000, NOW - 9_990, NOW);
    expect(range.to - range.from).toBe(MIN_SPAN_MS);
    expect((range.from + range.to) / 2).toBe(NOW - 9_995);
  });

  it('cuts a drag that reaches into the future at now', () => {
    expect(zoomRange(NOW - HOUR, NOW + HOUR, NOW)).toEqual({ from: NOW - HOUR, to: NOW });
  });

  it('asks four points per pixel column, within the cap', () => {
    expect(maxPointsForWidth(1200)).toBe(4800);
    expect(maxPointsForWidth(10_000)).toBe(MAX_QUERY_POINTS);
    expect(maxPointsForWidth(0)).toBe(4);
    expect(maxPointsForWidth(Number.NaN)).toBe(4);
  });

  it('states spans in the units operators use', () => {
    expect(formatSpan(15 * 60_000)).toBe('15 min');
    expect(formatSpan(8 * HOUR)).toBe('8 h');
    expect(formatSpan(90 * 60_000)).toBe('1.5 h');
    expect(formatSpan(7 * 24 * HOUR)).toBe('7 d');
    expect(formatSpan(2_500)).toBe('2.5 s');
  });
});
