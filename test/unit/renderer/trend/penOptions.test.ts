import { describe, expect, it } from 'vitest';
import {
  axisMode,
  axisOfMode,
  axisSummary,
  checkAxisInput,
  isPenColour,
  withPenOption,
} from '../../../../renderer/trend/penOptions.js';

describe('checkAxisInput', () => {
  it('accepts a fixed axis of two finite numbers, the minimum below the maximum', () => {
    expect(checkAxisInput(' 2 ', '8.5')).toEqual({ ok: true, axis: { min: 2, max: 8.5 } });
    expect(checkAxisInput('-1e3', '.5')).toEqual({ ok: true, axis: { min: -1000, max: 0.5 } });
  });

  it('asks for each end that is left blank, naming the field', () => {
    expect(checkAxisInput('', '8')).toEqual({ ok: false, field: 'min', message: 'Enter a minimum.' });
    expect(checkAxisInput('2', '  ')).toEqual({ ok: false, field: 'max', message: 'Enter a maximum.' });
  });

  it('refuses what is not a plain number, including what JavaScript would read as one', () => {
    for (const text of ['abc', '0x10', 'Infinity', '1,5', '2..3', 'NaN']) {
      expect(checkAxisInput(text, '100')).toMatchObject({ ok: false, field: 'min' });
    }
    expect(checkAxisInput('1', '12 bar')).toEqual({
      ok: false,
      field: 'max',
      message: 'The maximum must be a number, like 12.5.',
    });
  });

  it('refuses a number too large to be finite', () => {
    expect(checkAxisInput('0', '1e400')).toEqual({
      ok: false,
      field: 'max',
      message: 'The maximum is too large.',
    });
  });

  it('refuses a minimum that is not below the maximum', () => {
    const refusal = { ok: false, field: 'max', message: 'The minimum must be below the maximum.' };
    expect(checkAxisInput('8', '2')).toEqual(refusal);
    expect(checkAxisInput('5', '5')).toEqual(refusal);
  });
});

describe('pen options', () => {
  it('names the axis mode of an option, engineering being no option at all', () => {
    expect(axisMode(undefined)).toBe('engineering');
    expect(axisMode('auto')).toBe('auto');
    expect(axisMode({ min: 0, max: 1 })).toBe('fixed');
    expect(axisOfMode('engineering')).toBeUndefined();
    expect(axisOfMode('auto')).toBe('auto');
  });

  it('sets and clears one option, dropping a pen with nothing left set', () => {
    const coloured = withPenOption({}, 'a/d/x', 'colour', '#1f6035');
    expect(coloured).toEqual({ 'a/d/x': { colour: '#1f6035' } });
    const both = withPenOption(coloured, 'a/d/x', 'axis', { min: 2, max: 8 });
    expect(both).toEqual({ 'a/d/x': { colour: '#1f6035', axis: { min: 2, max: 8 } } });
    expect(withPenOption(both, 'a/d/x', 'colour', undefined)).toEqual({
      'a/d/x': { axis: { min: 2, max: 8 } },
    });
    expect(withPenOption(coloured, 'a/d/x', 'colour', undefined)).toEqual({});
  });

  it('accepts only #rrggbb colours, as a saved view stores them', () => {
    expect(isPenColour('#1F6035')).toBe(true);
    expect(isPenColour('red')).toBe(false);
    expect(isPenColour('#1f603580')).toBe(false);
  });

  it('states the axis for the legend: fixed range, auto, or the engineering range', () => {
    const tag = { engLow: 0, engHigh: 16, unit: 'bar' };
    expect(axisSummary({ min: 2, max: 8 }, tag)).toBe('fixed 2 – 8');
    expect(axisSummary('auto', tag)).toBe('auto');
    expect(axisSummary(undefined, tag)).toBe('0 – 16 bar');
    expect(axisSummary(undefined, undefined)).toBe('');
  });
});
