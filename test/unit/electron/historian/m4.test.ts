import { describe, expect, it } from 'vitest';
import { M4Accumulator } from '../../../../electron/historian/m4.js';
import { Quality } from '../../../../shared/quality.js';

describe('M4 aggregation', () => {
  it('keeps first, min, max and last of each bucket in time order', () => {
    const m4 = new M4Accumulator(0, 99, 1);
    [5, 9, 1, 7, 3].forEach((value, i) => m4.add(i * 10, value, Quality.Good));
    expect(m4.finish()).toEqual({ ts: [0, 10, 20, 40], value: [5, 9, 1, 3], quality: [0, 0, 0, 0] });
  });

  it('never averages away a one-sample spike', () => {
    const m4 = new M4Accumulator(0, 9_999, 10);
    for (let t = 0; t < 10_000; t++) m4.add(t, t === 4_321 ? 500 : 1, Quality.Good);
    const series = m4.finish();
    expect(Math.max(...series.value.map((v) => v ?? -Infinity))).toBe(500);
    expect(series.ts.length).toBeLessThanOrEqual(40);
  });

  it('keeps a gap where a bucket holds a bad sample and carries the worst quality', () => {
    const m4 = new M4Accumulator(0, 99, 1);
    m4.add(0, 1, Quality.Good);
    m4.add(10, null, Quality.BadSensorFailure);
    m4.add(20, 2, Quality.Good);
    const series = m4.finish();
    expect(series.value).toContain(null);
    expect(new Set(series.quality)).toEqual(new Set([Quality.BadSensorFailure]));
  });
});
