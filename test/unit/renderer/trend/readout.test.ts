import { describe, expect, it } from 'vitest';
import { Quality } from '../../../../shared/quality.js';
import { sampleAt, type PenColumns, type Sample } from '../../../../renderer/trend/penBuffer.js';
import type { PenSpec } from '../../../../renderer/trend/penStyle.js';
import { cursorReadout, readoutText } from '../../../../renderer/trend/readout.js';

const T = new Date(2026, 0, 31, 3, 4, 5).getTime();

const pen = (number: number, id: string, unit: string, range: [number, number] | null): PenSpec => ({
  id,
  number,
  colour: `#00000${number}`,
  unit,
  engLow: range?.[0] ?? null,
  engHigh: range?.[1] ?? null,
  isBoolean: false,
});

const specs: PenSpec[] = [
  pen(1, 'a/p/flow', 'm³/h', [0, 100]),
  pen(2, 'a/p/pressure', 'bar', [0, 10]),
  { ...pen(3, 'a/p/running', '', null), isBoolean: true },
  pen(4, 'a/p/level', '%', [0, 100]),
  pen(5, 'a/p/speed', 'rpm', null),
  pen(6, 'a/p/new', 'A', [0, 100]),
];

const samples: Record<string, Sample | null> = {
  'a/p/flow': { ts: T, value: 41.72, quality: Quality.Good },
  'a/p/pressure': { ts: T, value: 4.2, quality: Quality.UncertainLastUsableValue },
  'a/p/running': { ts: T, value: 1, quality: Quality.Good },
  'a/p/level': { ts: T, value: 97.2, quality: Quality.BadSensorFailure },
  'a/p/speed': { ts: T, value: 1487.4, quality: Quality.UncertainEngineeringUnitsExceeded },
  'a/p/new': null,
};

describe('cursorReadout', () => {
  it("gives every pen's value at its display precision, with unit and quality in words", () => {
    const readout = cursorReadout(T, specs, (id) => samples[id] ?? null, false);
    expect(readout.time).toBe('03:04:05');
    expect(readout.pens.map((p) => [p.state, p.value, p.word])).toEqual([
      ['good', '41.7', ''],
      ['stale', '4.20', 'STALE'],
      ['good', 'ON', ''],
      ['bad', null, 'BAD'],
      ['uncertain', '1487', 'UNCERTAIN'],
      ['nodata', null, 'no data'],
    ]);
    expect(readoutText(readout)).toBe(
      '03:04:05   P1 41.7 m³/h   P2 4.20 bar STALE   P3 ON   P4 BAD   P5 1487 rpm UNCERTAIN   P6 no data',
    );
  });

  it('names the day in history', () => {
    expect(cursorReadout(T, [], () => null, true).time).toBe('2026-01-31 03:04:05');
  });

  it('reads the last sample at or before the cursor, never a value between two samples', () => {
    const columns: PenColumns = {
      ts: Float64Array.from([T, T + 10_000, T + 20_000]),
      values: Float64Array.from([10, NaN, 30]),
      quality: Uint32Array.from([Quality.Good, Quality.BadSensorFailure, Quality.Good]),
    };
    const at = (t: number) =>
      cursorReadout(t, specs.slice(0, 1), (_id, u) => sampleAt(columns, u), false).pens[0];
    expect(at(T - 1)).toMatchObject({ state: 'nodata', value: null });
    expect(at(T)).toMatchObject({ state: 'good', value: '10.0', sampledAt: T });
    expect(at(T + 9_999)).toMatchObject({ state: 'good', value: '10.0' });
    expect(at(T + 15_000)).toMatchObject({ state: 'bad', value: null, sampledAt: T + 10_000 });
    expect(at(T + 20_000)).toMatchObject({ state: 'good', value: '30.0' });
  });

  it('says "no data" for a sample without a value that is not flagged bad', () => {
    const readout = cursorReadout(T, specs.slice(0, 1), () => ({ ts: T, value: null, quality: 0 }), false);
    expect(readout.pens[0]).toMatchObject({ state: 'nodata', word: 'no data' });
  });
});
