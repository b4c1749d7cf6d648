import { describe, expect, it } from 'vitest';
import { decimalsFor, formatNumber, formatRange, formatValue } from '../../../../renderer/format/value.js';

const analog = (value: number | null, engLow: number | null = 0, engHigh: number | null = 100) => ({
  value,
  dataType: 'number' as const,
  engLow,
  engHigh,
});

describe('format/value', () => {
  it('shows a value to about a thousandth of its engineering span', () => {
    expect(formatValue(analog(57.349))).toBe('57.3');
    expect(formatValue(analog(3.14159, 0, 10))).toBe('3.14');
    expect(formatValue(analog(1234.5, 0, 5000))).toBe('1235');
    expect(formatValue(analog(0.123456, 0, 1))).toBe('0.123');
  });

  it('shows the decimals an engineer configured, whatever the range suggests', () => {
    expect(formatValue({ ...analog(57.349), decimals: 0 })).toBe('57');
    expect(formatValue({ ...analog(57.349), decimals: 3 })).toBe('57.349');
  });

  it('uses three significant digits when the range is unknown', () => {
    expect(formatValue(analog(57.349, null, null))).toBe('57.3');
    expect(formatValue(analog(0.012345, null, null))).toBe('0.0123');
    expect(formatValue(analog(98765.4, null, null))).toBe('98765');
    expect(decimalsFor({ engLow: null, engHigh: null }, 0)).toBe(1);
  });

  it('shows a dash when no value is known', () => {
    expect(formatValue(analog(null))).toBe('—');
    expect(formatNumber(Number.NaN, 2)).toBe('—');
  });

  it('shows booleans as ON and OFF', () => {
    expect(formatValue({ value: 1, dataType: 'boolean', engLow: 0, engHigh: 1 })).toBe('ON');
    expect(formatValue({ value: 0, dataType: 'boolean', engLow: 0, engHigh: 1 })).toBe('OFF');
  });

  it('never shows a minus sign on a value that rounds to zero', () => {
    expect(formatValue(analog(-0.01))).toBe('0.0');
    expect(formatValue(analog(-0.06))).toBe('-0.1');
  });

  it('writes the engineering range with its unit', () => {
    expect(formatRange({ engLow: 0, engHigh: 10, unit: 'bar' })).toBe('0 – 10 bar');
    expect(formatRange({ engLow: null, engHigh: 10, unit: 'bar' })).toBe('');
  });
});

describe('format/value for enums and texts', () => {
  const states = [
    { value: 0, label: 'Stopped' },
    { value: 1, label: 'Running' },
  ];
  const enumTag = (value: number | null) => ({
    value,
    dataType: 'enum' as const,
    engLow: 0,
    engHigh: 1,
    states,
  });

  it('shows an enum as the name of its state, and a state the table does not name by its number', () => {
    expect(formatValue(enumTag(1))).toBe('Running');
    expect(formatValue(enumTag(7))).toBe('State 7');
    expect(formatValue(enumTag(null))).toBe('—');
  });

  it('shows a string tag as its text, and says when the text is empty', () => {
    const text = (value: string | null) => ({
      value,
      dataType: 'string' as const,
      engLow: null,
      engHigh: null,
    });
    expect(formatValue(text('B4822 rye mash'))).toBe('B4822 rye mash');
    expect(formatValue(text(''))).toBe('(empty)');
    expect(formatValue(text(null))).toBe('—');
  });
});
