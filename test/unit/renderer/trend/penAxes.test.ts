import { describe, expect, it } from 'vitest';
import { penAxes, scaleOfPens, SHARED_AXIS_COLOUR } from '../../../../renderer/trend/penAxes.js';
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
});
