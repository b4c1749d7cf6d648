import { describe, expect, it } from 'vitest';
import { SampleSeries } from '../../../../electron/inference/sampleSeries.js';
import { fillWindow, type WindowSpec } from '../../../../electron/inference/windowBuilder.js';
import { WindowCache } from '../../../../electron/inference/windowCache.js';
import { ModelInputSchema, type MissingPolicy } from '../../../../shared/modelBindings.js';
import { Quality } from '../../../../shared/quality.js';

const spec = (missing: MissingPolicy, resample: 'hold' | 'mean'): WindowSpec => ({
  inputs: [
    ModelInputSchema.parse({ tag: 'a', normalise: { kind: 'minMax', min: 0, max: 10 } }),
    ModelInputSchema.parse({ tag: 'b', normalise: { kind: 'meanStd', mean: 3, std: 2 } }),
  ],
  window: { steps: 8, stepMs: 1000, resample },
  missing,
});

/** A small deterministic generator, so a failure is the same on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * The cache must give what a full fill of the same series gives, to the bit, whatever the
 * stream does: samples now and then late or at an instant already written, bad, uncertain, NaN
 * or text, gaps, several samples per step, and ticks that move by one step, several, none, a
 * whole window or by a part of a step.
 */
function agrees(missing: MissingPolicy, resample: 'hold' | 'mean', seed: number) {
  const next = random(seed);
  const s = spec(missing, resample);
  const series = [new SampleSeries(), new SampleSeries()];
  const cache = new WindowCache();
  let now = 0;
  let shifted = 0;
  for (let tick = 0; tick < 600; tick++) {
    const samples = Math.floor(next() * 4);
    for (let n = 0; n < samples; n++) {
      now += Math.floor(next() * 700);
      for (const one of series) {
        const roll = next();
        const ts = roll < 0.05 ? now - Math.floor(next() * 5_000) : now;
        const value = roll < 0.08 ? NaN : roll < 0.1 ? null : Math.round(next() * 100) / 10;
        const quality =
          roll > 0.97 ? Quality.Bad : roll > 0.94 ? Quality.UncertainLastUsableValue : Quality.Good;
        if (next() < 0.9) one.push(ts, value, quality);
        one.trim(now - 10_000);
      }
    }
    const jump = next();
    const end =
      Math.floor(now / 1000) * 1000 - (jump < 0.05 ? 20_000 : jump < 0.1 ? 500 : jump < 0.15 ? 3_000 : 0);
    const expected = new Float32Array(16 * 2);
    const got = new Float32Array(16 * 2);
    const want = fillWindow(s, series, end, expected, 16);
    const before = JSON.stringify(cache);
    expect(cache.fill(s, series, end, got, 16)).toEqual(want);
    if (before.includes('"clean":true')) shifted++;
    // A window left out leaves its row to the next one: only a filled window's values count.
    if (want.kind === 'ok') expect([...got]).toEqual([...expected]);
  }
  return shifted;
}

describe('a binding’s kept window', () => {
  for (const missing of ['markBad', 'skip', 'holdLast'] as const)
    for (const resample of ['hold', 'mean'] as const)
      it(`gives what a full fill gives (${missing}, ${resample})`, () => {
        let shifted = 0;
        for (const seed of [1, 2, 3, 4]) shifted += agrees(missing, resample, seed);
        // And the kept window is actually used, not always filled afresh.
        expect(shifted).toBeGreaterThan(100);
      });

  it('resamples only the new steps of a clean stream', () => {
    const s = spec('markBad', 'hold');
    const series = [new SampleSeries(), new SampleSeries()];
    for (let t = 0; t <= 20_000; t += 1000) for (const one of series) one.push(t, t / 1000, Quality.Good);
    const cache = new WindowCache();
    const out = new Float32Array(16);
    cache.fill(s, series, 20_000, out, 0);
    // A value under the kept steps changes without the series knowing: the cache keeps its copy.
    series[0]!.value[series[0]!.ts.length - 3] = 99;
    for (const one of series) one.push(21_000, 21, Quality.Good);
    cache.fill(s, series, 21_000, out, 0);
    expect(out[8]).toBeCloseTo(18 / 10);
    expect(out[14]).toBeCloseTo(21 / 10);
    // Anything written behind the newest sample sends it back to a full fill.
    series[0]!.push(20_500, 5, Quality.Good);
    cache.fill(s, series, 21_000, out, 0);
    expect(out[8]).toBeCloseTo(99 / 10);
  });
});
