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

  it('keeps a gap where a bucket holds bad data long enough to be seen, each point with its own quality', () => {
    const m4 = new M4Accumulator(0, 99, 1);
    m4.add(0, 1, Quality.Good);
    m4.add(10, null, Quality.BadSensorFailure);
    m4.add(40, 2, Quality.Uncertain);
    m4.add(50, 3, Quality.Good);
    m4.add(60, 0.5, Quality.Uncertain);
    m4.add(70, 4, Quality.Good);
    expect(m4.finish()).toEqual({
      ts: [0, 10, 60, 70],
      value: [1, null, 0.5, 4],
      quality: [Quality.Good, Quality.BadSensorFailure, Quality.Uncertain, Quality.Good],
    });
  });

  it('draws through a bad stretch too short to see at this width, as doubtful rather than as dust', () => {
    const m4 = new M4Accumulator(0, 9_999, 2);
    for (let t = 0; t < 10_000; t += 10)
      m4.add(t, t === 2_000 ? null : 5, t === 2_000 ? Quality.Bad : Quality.Good);
    const series = m4.finish();
    expect(series.value).not.toContain(null);
    expect(series.quality).toEqual([Quality.Uncertain, Quality.Uncertain, Quality.Good, Quality.Good]);
  });

  it("takes a summary's value quality for its values and its bad time for its gap", () => {
    const summary = {
      startTs: 0,
      endTs: 90,
      count: 10,
      first: 1,
      last: 2,
      min: 0,
      max: 9,
      worstQuality: Quality.Bad,
      hasGap: true,
    };
    const short = new M4Accumulator(0, 99, 1);
    short.addSummary({ ...summary, valueQuality: Quality.Good, badMs: 5 });
    expect(short.finish()).toMatchObject({ value: [1, 0, 9, 2], quality: Array(4).fill(Quality.Uncertain) });
    const long = new M4Accumulator(0, 99, 1);
    long.addSummary({ ...summary, valueQuality: Quality.Uncertain, badMs: 60 });
    expect(long.finish()).toMatchObject({ value: [1, 0, 9, null, 2] });
    const chunk = new M4Accumulator(0, 99, 1);
    chunk.addSummary(summary); // a chunk's summary knows neither: values Uncertain, the gap kept
    expect(chunk.finish()).toMatchObject({
      value: [1, 0, 9, null, 2],
      quality: [Quality.Uncertain, Quality.Uncertain, Quality.Uncertain, Quality.Bad, Quality.Uncertain],
    });
  });
});
