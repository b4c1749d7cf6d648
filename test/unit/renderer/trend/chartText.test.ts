import { describe, expect, it } from 'vitest';
import { Quality } from '../../../../shared/quality.js';
import { readoutText, timeTickLabels } from '../../../../renderer/trend/chartText.js';
import type { Sample } from '../../../../renderer/trend/penBuffer.js';
import type { PenSpec } from '../../../../renderer/trend/penStyle.js';

const local = (mo: number, d: number, h: number, mi = 0, s = 0, y = 2026) =>
  new Date(y, mo - 1, d, h, mi, s).getTime();

describe('timeTickLabels', () => {
  it('shows seconds only when ticks are closer than a minute', () => {
    const labels = timeTickLabels([local(1, 31, 14, 5, 0), local(1, 31, 14, 5, 10)]);
    expect(labels).toEqual(['14:05:00\n2026-01-31', '14:05:10']);
  });

  it('names the day under the first tick and where a new day starts', () => {
    const labels = timeTickLabels([local(1, 31, 20), local(1, 31, 22), local(2, 1, 0), local(2, 1, 2)]);
    expect(labels).toEqual(['20:00\n2026-01-31', '22:00', '00:00\n2026-02-01', '02:00']);
  });

  it('shows dates alone once ticks are a day or more apart, the year when it changes', () => {
    const labels = timeTickLabels([
      local(12, 30, 0, 0, 0, 2025),
      local(12, 31, 0, 0, 0, 2025),
      local(1, 1, 0),
    ]);
    expect(labels).toEqual(['2025-12-30', '12-31', '2026-01-01']);
  });
});

const T = new Date(2026, 0, 31, 3, 4, 5).getTime();

const specs: PenSpec[] = [
  { id: 'a/p/flow', number: 1, colour: '#111', unit: 'm³/h', engLow: 0, engHigh: 100, isBoolean: false },
  { id: 'a/p/pressure', number: 2, colour: '#222', unit: 'bar', engLow: 0, engHigh: 10, isBoolean: false },
  { id: 'a/p/running', number: 3, colour: '#333', unit: '', engLow: null, engHigh: null, isBoolean: true },
  { id: 'a/p/level', number: 4, colour: '#444', unit: '%', engLow: 0, engHigh: 100, isBoolean: false },
];

const samples: Record<string, Sample | null> = {
  'a/p/flow': { ts: T, value: 41.72, quality: Quality.Good },
  'a/p/pressure': { ts: T, value: 4.2, quality: Quality.UncertainLastUsableValue },
  'a/p/running': { ts: T, value: 1, quality: Quality.Good },
  'a/p/level': { ts: T, value: null, quality: Quality.BadSensorFailure },
};

describe('readoutText', () => {
  it("gives every pen's value, unit and quality at the cursor", () => {
    const text = readoutText(T, specs, (id) => samples[id] ?? null, false);
    expect(text).toBe('03:04:05   P1 41.7 m³/h   P2 4.20 bar STALE   P3 ON   P4 BAD');
  });

  it('names the day in history and a dash where a pen has no sample yet', () => {
    const text = readoutText(T, specs.slice(0, 1), () => null, true);
    expect(text).toBe('2026-01-31 03:04:05   P1 —');
  });
});
