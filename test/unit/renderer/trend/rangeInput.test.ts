import { describe, expect, it } from 'vitest';
import {
  checkCustomRange,
  parseLocalDateTime,
  toLocalDateTime,
} from '../../../../renderer/trend/rangeInput.js';

/** Local wall-clock times, so the tests hold in every time zone. */
const local = (y: number, mo: number, d: number, h: number, mi: number, s = 0) =>
  new Date(y, mo - 1, d, h, mi, s).getTime();
const NOW = local(2026, 1, 31, 14, 5, 30);

describe('rangeInput', () => {
  it('reads a datetime-local value as local time, with or without seconds', () => {
    expect(parseLocalDateTime('2026-01-31T14:05')).toBe(local(2026, 1, 31, 14, 5));
    expect(parseLocalDateTime('2026-01-31T14:05:09')).toBe(local(2026, 1, 31, 14, 5, 9));
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    expect(parseLocalDateTime('2026-02-30T10:00')).toBeNull();
    expect(parseLocalDateTime('2026-01-31T25:00')).toBeNull();
    expect(parseLocalDateTime('yesterday')).toBeNull();
  });

  it('writes a time back as the field shows it', () => {
    expect(toLocalDateTime(local(2026, 3, 5, 7, 9, 59))).toBe('2026-03-05T07:09');
  });

  it('accepts a start before an end in the past', () => {
    const check = checkCustomRange('2026-01-30T22:00', '2026-01-31T06:00', NOW);
    expect(check).toEqual({
      ok: true,
      range: { from: local(2026, 1, 30, 22, 0), to: local(2026, 1, 31, 6, 0) },
    });
  });

  it('says so when the start is not before the end', () => {
    const check = checkCustomRange('2026-01-31T06:00', '2026-01-31T06:00', NOW);
    expect(check).toMatchObject({ ok: false, field: 'from', message: 'The start must be before the end.' });
  });

  it('says so when the end is in the future', () => {
    const check = checkCustomRange('2026-01-31T06:00', '2026-01-31T15:00', NOW);
    expect(check).toMatchObject({ ok: false, field: 'to' });
    expect(check.ok ? '' : check.message).toMatch(/future/);
  });

  it('takes the current minute as now', () => {
    const check = checkCustomRange('2026-01-31T14:00', '2026-01-31T14:05', NOW);
    expect(check).toEqual({
      ok: true,
      range: { from: local(2026, 1, 31, 14, 0), to: local(2026, 1, 31, 14, 5) },
    });
  });

  it('asks for both fields before anything else', () => {
    expect(checkCustomRange('', '2026-01-31T06:00', NOW)).toMatchObject({
      field: 'from',
      message: 'Enter a start time.',
    });
    expect(checkCustomRange('2026-01-31T06:00', '', NOW)).toMatchObject({
      field: 'to',
      message: 'Enter an end time.',
    });
  });
});
