import { describe, expect, it } from 'vitest';
import { limitLines } from '../../../../renderer/trend/limitLines.js';
import { penAxes, SHARED_AXIS_COLOUR } from '../../../../renderer/trend/penAxes.js';
import type { PenSpec } from '../../../../renderer/trend/penStyle.js';

const vibration = (number: number, h: number, hh: number): PenSpec => ({
  id: `a/pump${number}/vibration`,
  number,
  colour: `#00000${number}`,
  unit: 'mm/s',
  engLow: 0,
  engHigh: 25,
  isBoolean: false,
  limits: [
    { kind: 'HH', value: hh },
    { kind: 'H', value: h },
  ],
});

describe('limitLines', () => {
  it("draws each limit on its pen's scale in the pen's colour, labelled with pen and kind", () => {
    const specs = [vibration(1, 7.1, 11)];
    expect(limitLines(specs, penAxes(specs))).toEqual([
      { scale: 'a/pump1/vibration', kind: 'HH', value: 11, colour: '#000001', label: 'P1 HH' },
      { scale: 'a/pump1/vibration', kind: 'H', value: 7.1, colour: '#000001', label: 'P1 H' },
    ]);
  });

  it('draws one line for a limit that pens on one scale share, naming both', () => {
    const specs = [vibration(1, 7.1, 11), vibration(2, 7.1, 12)];
    const lines = limitLines(specs, penAxes(specs));
    expect(lines.map((line) => [line.label, line.value, line.scale])).toEqual([
      ['P1 HH', 11, 'a/pump1/vibration'],
      ['P1 P2 H', 7.1, 'a/pump1/vibration'],
      ['P2 HH', 12, 'a/pump1/vibration'],
    ]);
    expect(lines[1]?.colour).toBe(SHARED_AXIS_COLOUR);
  });

  it('draws nothing for pens without limits or for booleans', () => {
    const running: PenSpec = { ...vibration(3, 0.5, 0.9), isBoolean: true, unit: '' };
    const bare: PenSpec = { ...vibration(4, 1, 2), limits: undefined };
    const specs = [running, bare];
    expect(limitLines(specs, penAxes(specs))).toEqual([]);
  });
});
