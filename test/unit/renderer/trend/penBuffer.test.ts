import { describe, expect, it } from 'vitest';
import { Quality } from '../../../../shared/quality.js';
import { PenBuffer } from '../../../../renderer/trend/penBuffer.js';

const G = Quality.Good;
const STALE = Quality.UncertainNoCommunicationLastUsableValue;

function samples(buffer: PenBuffer): Array<[number, number | null, number]> {
  const { ts, values, quality } = buffer.columns();
  return Array.from(ts, (t, i) => {
    const value = values[i] ?? NaN;
    return [t, Number.isNaN(value) ? null : value, quality[i] ?? 0];
  });
}

describe('PenBuffer', () => {
  it('keeps the first, lowest, highest and last sample of a time bucket, so a spike survives thinning', () => {
    const buffer = new PenBuffer(1_000);
    const values = [5, 6, 99, 4, 7, 1, 6, 5];
    values.forEach((value, i) => buffer.append(i * 10, value, G));
    expect(samples(buffer).map(([, value]) => value)).toEqual([5, 99, 1, 5]);
    expect(samples(buffer).map(([t]) => t)).toEqual([0, 20, 50, 70]);
  });

  it('starts a new bucket with each bucket of time', () => {
    const buffer = new PenBuffer(100);
    for (let t = 0; t < 1_000; t += 10) buffer.append(t, t, G);
    expect(buffer.length).toBeLessThanOrEqual(40);
    expect(samples(buffer).at(-1)).toEqual([990, 990, G]);
  });

  it('never thins away a change of quality', () => {
    const buffer = new PenBuffer(1_000);
    buffer.append(0, 1, G);
    buffer.append(10, 2, G);
    buffer.append(20, 2, STALE);
    buffer.append(30, 3, G);
    expect(samples(buffer).map(([, , quality]) => quality)).toEqual([G, G, STALE, G]);
  });

  it('keeps a bad sample as a gap', () => {
    const buffer = new PenBuffer(1_000);
    buffer.append(0, 1, G);
    buffer.append(10, null, Quality.BadSensorFailure);
    expect(samples(buffer)[1]).toEqual([10, null, Quality.BadSensorFailure]);
  });

  it('drops a late sample and lets one with the same timestamp correct the last', () => {
    const buffer = new PenBuffer(1_000);
    buffer.append(100, 1, G);
    buffer.append(50, 9, G);
    buffer.append(100, 2, STALE);
    expect(samples(buffer)).toEqual([[100, 2, STALE]]);
  });

  it('trims samples older than the window, keeping one before it so the line enters from the edge', () => {
    const buffer = new PenBuffer(1);
    for (let t = 0; t < 10; t++) buffer.append(t * 100, t, G);
    buffer.trimBefore(450);
    expect(samples(buffer).map(([t]) => t)).toEqual([400, 500, 600, 700, 800, 900]);
  });

  it('takes history and keeps live samples newer than it', () => {
    const buffer = new PenBuffer(1);
    buffer.append(150, 7, G);
    buffer.append(400, 8, G);
    buffer.setHistory([100, 200, 300], [1, null, 3], [G, Quality.Bad, G]);
    expect(samples(buffer)).toEqual([
      [100, 1, G],
      [200, null, Quality.Bad],
      [300, 3, G],
      [400, 8, G],
    ]);
  });

  it('grows beyond its first capacity without losing samples', () => {
    const buffer = new PenBuffer(1, 4);
    for (let t = 0; t < 100; t++) buffer.append(t * 10, t, G);
    expect(buffer.length).toBe(100);
    expect(samples(buffer)[99]).toEqual([990, 99, G]);
  });

  it('finds the sample in force at a moment, for the cursor readout', () => {
    const buffer = new PenBuffer(1);
    buffer.append(100, 1, G);
    buffer.append(200, null, Quality.Bad);
    expect(buffer.sampleAt(50)).toBeNull();
    expect(buffer.sampleAt(150)).toEqual({ ts: 100, value: 1, quality: G });
    expect(buffer.sampleAt(250)).toEqual({ ts: 200, value: null, quality: Quality.Bad });
  });
});
