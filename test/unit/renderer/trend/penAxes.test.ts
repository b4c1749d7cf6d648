import { describe, expect, it } from 'vitest';
import {
  describeAxisRange,
  effectiveRange,
  penAxes,
  scaleOfPens,
  SHARED_AXIS_COLOUR,
} from '../../../../renderer/trend/penAxes.js';
import type { PenSpec } from '../../../../renderer/trend/penStyle.js';

const pen = (number: number, unit: string, range: [number, number] | null, isBoolean = false): PenSpec => ({
  id: `a/d/p${number}`,
  number,
  colour: `#00000${number}`,
  unit,
  engLow: range?.[0] ?? null,
  engHigh: range?.[1] ?? null,
  isBoolean,
});

describe('penAxes', () => {
  it("gives a pen its own axis on its engineering range, labelled with the pen and unit in the pen's colour", () => {
    expect(penAxes([pen(1, 'bar', [0, 16])])).toEqual([
      {
        scale: 'a/d/p1',
        pens: [0],
        label: 'P1 bar',
        colour: '#000001',
        unit: 'bar',
        range: [0, 16],
        source: 'engineering',
        isBoolean: false,
      },
    ]);
  });

  it('lets pens with the same unit and range share one axis that names them all, in neutral ink', () => {
    const specs = [pen(1, 'mm/s', [0, 25]), pen(2, 'bar', [0, 16]), pen(3, 'mm/s', [0, 25])];
    const axes = penAxes(specs);
    expect(axes.map((axis) => [axis.scale, axis.pens, axis.label])).toEqual([
      ['a/d/p1', [0, 2], 'P1 P3 mm/s'],
      ['a/d/p2', [1], 'P2 bar'],
    ]);
    expect(axes[0]?.colour).toBe(SHARED_AXIS_COLOUR);
    expect(scaleOfPens(axes, specs.length)).toEqual(['a/d/p1', 'a/d/p2', 'a/d/p1']);
  });

  it('keeps pens of one unit but different ranges apart, so each stays on its own range', () => {
    const axes = penAxes([pen(1, '°C', [0, 120]), pen(2, '°C', [0, 80])]);
    expect(axes.map((axis) => axis.range)).toEqual([
      [0, 120],
      [0, 80],
    ]);
  });

  it('auto-ranges pens without a usable range, sharing only with pens of the same unit', () => {
    const axes = penAxes([pen(1, 'rpm', null), pen(2, 'rpm', null), pen(3, 'rpm', [5, 5])]);
    expect(axes.map((axis) => [axis.pens, axis.range])).toEqual([[[0, 1, 2], null]]);
  });

  it('never stacks booleans or pens without a unit on one axis', () => {
    const axes = penAxes([
      pen(1, '', [0, 1], true),
      pen(2, '', [0, 1], true),
      pen(3, '', null),
      pen(4, '', null),
    ]);
    expect(axes.map((axis) => [axis.label, axis.range])).toEqual([
      ['P1', [0, 1]],
      ['P2', [0, 1]],
      ['P3', null],
      ['P4', null],
    ]);
  });

  it('gives a pen with a fixed range its own axis, even beside a pen of the same unit and range', () => {
    const specs = [pen(1, 'bar', [0, 16]), { ...pen(2, 'bar', [0, 16]), axis: { min: 0, max: 16 } }];
    const axes = penAxes(specs);
    expect(axes.map((axis) => [axis.label, axis.source, axis.range, axis.colour])).toEqual([
      ['P1 bar', 'engineering', [0, 16], '#000001'],
      ['P2 bar', 'fixed', [0, 16], '#000002'],
    ]);
  });

  it('lets pens share a fixed axis only with the same unit and the same fixed range', () => {
    const fixed = (number: number, unit: string, min: number, max: number): PenSpec => ({
      ...pen(number, unit, [0, 16]),
      axis: { min, max },
    });
    const axes = penAxes([
      fixed(1, 'bar', 2, 8),
      fixed(2, 'bar', 2, 8),
      fixed(3, 'bar', 2, 9),
      fixed(4, 'kPa', 2, 8),
    ]);
    expect(axes.map((axis) => [axis.label, axis.range])).toEqual([
      ['P1 P2 bar', [2, 8]],
      ['P3 bar', [2, 9]],
      ['P4 kPa', [2, 8]],
    ]);
    expect(axes[0]?.colour).toBe(SHARED_AXIS_COLOUR);
  });

  it('lets a pen set to auto follow its data, sharing with pens of its unit that follow theirs', () => {
    const axes = penAxes([
      { ...pen(1, 'rpm', [0, 3000]), axis: 'auto' },
      pen(2, 'rpm', null),
      pen(3, 'rpm', [0, 3000]),
    ]);
    expect(axes.map((axis) => [axis.label, axis.source, axis.range])).toEqual([
      ['P1 P2 rpm', 'auto', null],
      ['P3 rpm', 'engineering', [0, 3000]],
    ]);
  });
});

describe('effectiveRange', () => {
  it('is the engineering range by default, and auto where that is not known', () => {
    expect(effectiveRange(pen(1, 'bar', [0, 16]))).toEqual({ source: 'engineering', range: [0, 16] });
    expect(effectiveRange(pen(1, 'bar', null))).toEqual({ source: 'auto', range: null });
  });

  it("is the operator's fixed range or auto when they chose one", () => {
    expect(effectiveRange({ ...pen(1, 'bar', [0, 16]), axis: { min: -2, max: 4.5 } })).toEqual({
      source: 'fixed',
      range: [-2, 4.5],
    });
    expect(effectiveRange({ ...pen(1, 'bar', [0, 16]), axis: 'auto' })).toEqual({
      source: 'auto',
      range: null,
    });
  });

  it('keeps a boolean on OFF…ON whatever axis it was given', () => {
    const flag = { ...pen(1, '', [0, 1], true), axis: { min: 5, max: 9 } };
    expect(effectiveRange(flag)).toEqual({ source: 'boolean', range: [0, 1] });
  });

  it('falls back to the engineering range from a fixed range that is not a range', () => {
    expect(effectiveRange({ ...pen(1, 'bar', [0, 16]), axis: { min: 4, max: 4 } })).toEqual({
      source: 'engineering',
      range: [0, 16],
    });
    expect(effectiveRange({ ...pen(1, 'bar', [0, 16]), axis: { min: NaN, max: 4 } }).source).toBe(
      'engineering',
    );
  });

  it('is stated in words for the chart’s data attributes', () => {
    expect(describeAxisRange({ source: 'fixed', range: [2, 8] })).toBe('fixed 2…8');
    expect(describeAxisRange({ source: 'auto', range: null })).toBe('auto');
  });
});
