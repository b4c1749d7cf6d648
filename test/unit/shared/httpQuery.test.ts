import { describe, expect, it } from 'vitest';
import { describeZodError } from '../../../shared/errors.js';
import { CsvExportQuerySchema, HistoryQuerySchema, TimeParamSchema } from '../../../shared/httpQuery.js';

describe('HTTP query parameters', () => {
  it('accept times as ISO 8601 or epoch milliseconds', () => {
    expect(TimeParamSchema.parse('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(TimeParamSchema.parse('2026-01-01T01:00:00+01:00')).toBe(Date.UTC(2026, 0, 1));
    expect(TimeParamSchema.parse('1767225600000')).toBe(1767225600000);
  });

  it.each(['yesterday', '2026-13-45T99:00:00Z', '1e400', '-5', '', 'NaN'])('reject the time "%s"', (text) => {
    expect(TimeParamSchema.safeParse(text).success).toBe(false);
  });

  it('bound maxPoints and order the range', () => {
    expect(
      HistoryQuerySchema.safeParse({ tag: 'a/b', from: '0', to: '10', maxPoints: '5000000' }).success,
    ).toBe(false);
    expect(HistoryQuerySchema.safeParse({ tag: 'a/b', from: '10', to: '0' }).success).toBe(false);
    expect(HistoryQuerySchema.parse({ tag: 'a/b', from: '0', to: '10' })).toEqual({
      tag: 'a/b',
      from: 0,
      to: 10,
      maxPoints: 2000,
    });
  });

  it('read resolutions with or without a unit and bound the number of intervals', () => {
    const parse = (resolution: string, to = '86400000') =>
      HistoryQuerySchema.safeParse({ tag: 'a/b', from: '0', to, resolution });
    expect(parse('1m').data?.resolution).toBe(60_000);
    expect(parse('250ms', '60000').data?.resolution).toBe(250);
    expect(parse('3600000').data?.resolution).toBe(3_600_000);
    expect(parse('1d').data?.resolution).toBe(86_400_000);
    expect(parse('0').success).toBe(false);
    expect(parse('fortnightly').success).toBe(false);
    expect(parse('1ms').success).toBe(false); // 86.4 million intervals in a day
  });

  it('split a comma-separated tag list for exports', () => {
    expect(CsvExportQuerySchema.parse({ tags: 'a/b, c/d,', from: '0', to: '1' }).tags).toEqual([
      'a/b',
      'c/d',
    ]);
    expect(CsvExportQuerySchema.safeParse({ tags: ',', from: '0', to: '1' }).success).toBe(false);
  });

  it('read an export at a resolution with a list of aggregates, and refuse what cannot be meant', () => {
    const query = { tags: 'a/b', from: '0', to: '86399999' };
    expect(CsvExportQuerySchema.parse({ ...query, resolution: '1m', aggregate: 'max, avg,max' })).toEqual({
      tags: ['a/b'],
      from: 0,
      to: 86_399_999,
      resolution: 60_000,
      aggregates: ['max', 'avg'],
    });
    expect(CsvExportQuerySchema.parse({ ...query, resolution: '1h' }).aggregates).toBeUndefined();
    const problem = (extra: Record<string, string>) => {
      const parsed = CsvExportQuerySchema.safeParse({ ...query, ...extra });
      return parsed.success ? null : describeZodError(parsed.error);
    };
    expect(problem({ aggregate: 'avg' })).toMatch(/resolution: aggregates need a resolution/);
    expect(problem({ resolution: '1m', aggregate: 'median' })).toMatch(/aggregate\.0: Invalid option/);
    expect(problem({ resolution: 'hourly' })).toMatch(/resolution: "hourly" is not a duration/);
    expect(problem({ resolution: '1ms' })).toMatch(/resolution: at most 10,000,000 intervals per tag/);
  });
});
