import { describe, expect, it } from 'vitest';
import { SampleSeries } from '../../../../electron/inference/sampleSeries.js';
import { fillWindow, type WindowSpec } from '../../../../electron/inference/windowBuilder.js';
import { ModelInputSchema, type MissingPolicy } from '../../../../shared/modelBindings.js';
import { Quality } from '../../../../shared/quality.js';

const series = (points: [number, number | null, number?][]) => {
  const s = new SampleSeries();
  for (const [ts, value, quality] of points) s.push(ts, value, quality ?? Quality.Good);
  return s;
};

const spec = (missing: MissingPolicy, steps = 5, resample: 'hold' | 'mean' = 'hold'): WindowSpec => ({
  inputs: [ModelInputSchema.parse({ tag: 'a' })],
  window: { steps, stepMs: 1000, resample },
  missing,
});

function fill(s: WindowSpec, input: SampleSeries | undefined, end: number) {
  const out = new Float32Array(s.window.steps * s.inputs.length);
  const outcome = fillWindow(s, [input], end, out, 0);
  return { outcome, values: [...out] };
}

describe('a model window', () => {
  it('holds the last value at or before each step across a gap in the samples', () => {
    const a = series([
      [1000, 1],
      [2000, 2],
      [5500, 5],
    ]);
    expect(fill(spec('markBad'), a, 6000)).toEqual({
      outcome: { kind: 'ok', quality: Quality.Good },
      values: [2, 2, 2, 2, 5],
    });
  });

  it('averages the samples within each step when asked, holding where a step has none', () => {
    const a = series([
      [1000, 1],
      [1500, 3],
      [2200, 10],
      [2900, 20],
      [5100, 7],
    ]);
    // Steps end at 2 s (1.5 s), 3 s (2.2 s and 2.9 s), then nothing new: the last value holds.
    expect(fill(spec('markBad', 4, 'mean'), a, 5000).values).toEqual([3, 15, 20, 20]);
    expect(fill(spec('markBad', 4, 'mean'), a, 6000).values).toEqual([15, 20, 20, 7]);
  });

  it('marks the window bad with the quality of a bad point, or waits for data it never had', () => {
    const a = series([
      [1000, 1],
      [2000, null, Quality.BadSensorFailure],
      [3000, 3],
    ]);
    expect(fill(spec('markBad', 3), a, 3000).outcome).toEqual({
      kind: 'bad',
      quality: Quality.BadSensorFailure,
      reason: 'a is BadSensorFailure',
    });
    expect(fill(spec('markBad', 2), a, 2500).outcome).toMatchObject({
      kind: 'bad',
      quality: Quality.BadSensorFailure,
    });
    expect(fill(spec('markBad', 5), a, 4000).outcome).toEqual({
      kind: 'bad',
      quality: Quality.BadWaitingForInitialData,
      reason: 'no value of a yet',
    });
    expect(fill(spec('markBad'), undefined, 4000).outcome).toMatchObject({ reason: 'no value of a yet' });
  });

  it('holds the last good value over a bad point under holdLast, flagging the window uncertain', () => {
    const a = series([
      [1000, 1],
      [2000, Number.NaN],
      [3000, 3],
    ]);
    expect(fill(spec('holdLast', 3), a, 3000)).toEqual({
      outcome: { kind: 'ok', quality: Quality.UncertainLastUsableValue },
      values: [1, 1, 3],
    });
    // Nothing good before the window either: there is nothing to hold.
    expect(fill(spec('holdLast', 2), series([[1000, null, Quality.Bad]]), 2000).outcome).toMatchObject({
      kind: 'bad',
    });
  });

  it('skips a window with a missing point under skip', () => {
    const a = series([[1000, 1, Quality.BadNotConnected]]);
    expect(fill(spec('skip', 1), a, 1000).outcome).toEqual({ kind: 'skip', reason: 'a is BadNotConnected' });
  });

  it('treats infinite and NaN values as out of range', () => {
    expect(fill(spec('markBad', 1), series([[1000, Infinity]]), 1000).outcome).toEqual({
      kind: 'bad',
      quality: Quality.BadOutOfRange,
      reason: 'a is Infinity',
    });
  });

  it('carries the worst usable quality, and normalises each input as its binding says, time-major', () => {
    const s: WindowSpec = {
      inputs: [
        ModelInputSchema.parse({ tag: 'a', normalise: { kind: 'meanStd', mean: 10, std: 5 } }),
        ModelInputSchema.parse({ tag: 'b', normalise: { kind: 'minMax', min: 0, max: 200 } }),
      ],
      window: { steps: 2, stepMs: 1000, resample: 'hold' },
      missing: 'markBad',
    };
    const a = series([
      [1000, 10],
      [2000, 20, Quality.UncertainEngineeringUnitsExceeded],
    ]);
    const b = series([
      [1000, 50],
      [2000, 100],
    ]);
    const out = new Float32Array(4);
    expect(fillWindow(s, [a, b], 2000, out, 0)).toEqual({
      kind: 'ok',
      quality: Quality.UncertainEngineeringUnitsExceeded,
    });
    expect([...out]).toEqual([0, 0.25, 2, 0.5]);
  });
});

describe('the samples kept for windows', () => {
  it('keeps time order when history arrives after live samples, and trims to the window', () => {
    const s = series([
      [5000, 5],
      [6000, 6],
    ]);
    s.merge([1000, 2000, 5000], [1, 2, 5], [0, 0, 0]);
    expect(s.ts.slice(s.start)).toEqual([1000, 2000, 5000, 6000]);
    s.trim(5500);
    expect(s.ts.slice(s.start)).toEqual([5000, 6000]);
    expect(s.lastAtOrBefore(5999)).toBe(s.start);
  });
});
